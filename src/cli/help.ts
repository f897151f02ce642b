import { PIPSCOPE_VERSION } from "../core/version.ts";
import type { Command } from "./command.ts";

function commandList(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n");
}

/** Help for the whole tool (no path) or for one command, e.g. `["data", "import"]`. */
export function renderHelp(commands: Command[], path: Command[] = []): string {
  if (path.length === 0) {
    return [
      `pipscope ${PIPSCOPE_VERSION} — backtest MT5 strategies on local data`,
      "",
      "Usage: pipscope <command> [options]",
      "",
      "Commands:",
      commandList(commands),
      "",
      "Options: --help (help for any command), --version",
      "Run 'pipscope help <command>' for a command's usage.",
    ].join("\n");
  }
  const command = path[path.length - 1];
  const lines = [
    `pipscope ${path.map((c) => c.name).join(" ")} — ${command.summary}`,
    "",
    `Usage: pipscope ${command.usage}`,
  ];
  if (command.details) lines.push("", command.details.trimEnd());
  if (command.subcommands?.length) lines.push("", "Commands:", commandList(command.subcommands));
  return lines.join("\n");
}
