import { PipscopeError } from "../core/errors.ts";
import { PIPSCOPE_VERSION } from "../core/version.ts";
import { type CliIo, type Command, EXIT } from "./command.ts";
import { renderHelp } from "./help.ts";
import { nearest } from "./suggest.ts";

/** Walks `args` down the command tree; returns the commands matched and the arguments left. */
function resolve(commands: Command[], args: string[]): { path: Command[]; rest: string[] } {
  const path: Command[] = [];
  let level = commands;
  let i = 0;
  for (; i < args.length; i++) {
    const next = level.find((c) => c.name === args[i]);
    if (!next) break;
    path.push(next);
    level = next.subcommands ?? [];
  }
  return { path, rest: args.slice(i) };
}

function unknown(kind: string, name: string, choices: Command[], parent: string): PipscopeError {
  const guess = nearest(
    name,
    choices.map((c) => c.name),
  );
  const hint = guess ? ` Did you mean '${guess}'?` : "";
  return new PipscopeError(
    "CLI_UNKNOWN_COMMAND",
    `unknown ${kind} '${name}'.${hint} Run 'pipscope help${parent}' for the list.`,
  );
}

function helpCommand(commands: Command[]): Command {
  return {
    name: "help",
    summary: "Show help for pipscope or for a command",
    usage: "help [command [subcommand]]",
    details: "Examples:\n  pipscope help\n  pipscope help data\n  pipscope help data import",
    async run(args, io) {
      const { path, rest } = resolve(commands, args);
      if (rest.length) {
        const parent = path.map((c) => ` ${c.name}`).join("");
        throw unknown(path.length ? "subcommand" : "command", rest[0], path.at(-1)?.subcommands ?? commands, parent);
      }
      io.stdout.write(`${renderHelp(commands, path)}\n`);
      return EXIT.ok;
    },
  };
}

/**
 * Runs the `pipscope` command line with `argv` (without node and script) and returns the exit
 * code: 0 success, 1 a failed run, 2 bad usage or bad input (SPEC §8a). Never calls process.exit,
 * so tests run it in-process.
 */
export async function main(argv: string[], io: CliIo, registered: Command[]): Promise<number> {
  const commands = [...registered];
  commands.push(helpCommand(commands)); // help can explain itself: it sees the full list
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
      io.stdout.write(`${renderHelp(commands)}\n`);
      return argv.length === 0 ? EXIT.usage : EXIT.ok;
    }
    if (argv[0] === "--version" || argv[0] === "-v") {
      io.stdout.write(`${PIPSCOPE_VERSION}\n`);
      return EXIT.ok;
    }
    const { path, rest } = resolve(commands, argv);
    const command = path.at(-1);
    if (!command) throw unknown("command", argv[0], commands, "");
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(`${renderHelp(commands, path)}\n`);
      return EXIT.ok;
    }
    if (!command.run) {
      const parent = path.map((c) => ` ${c.name}`).join("");
      if (rest.length) throw unknown("subcommand", rest[0], command.subcommands ?? [], parent);
      io.stderr.write(`${renderHelp(commands, path)}\n`);
      return EXIT.usage;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof PipscopeError) {
      io.stderr.write(`pipscope: ${error.describe()}\n`);
      return EXIT.usage;
    }
    // node:util parseArgs rejects unknown or malformed options: bad usage too.
    if (String((error as { code?: string }).code).startsWith("ERR_PARSE_ARGS")) {
      io.stderr.write(`pipscope: ${(error as Error).message}. Run 'pipscope help ${argv[0]}' for its options.\n`);
      return EXIT.usage;
    }
    io.stderr.write(`pipscope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}
