import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { PipscopeError } from "../core/errors.ts";
import { type Bot, exportBots, parseBot } from "../core/router/bot.ts";
import { EXAMPLE_BOTS } from "../core/router/example-bots.ts";
import { readBots, writeBotsFile } from "./bot-files.ts";
import { BOTS_EXAMPLES_USAGE as EXAMPLES_USAGE, BOTS_LIST_USAGE as LIST_USAGE } from "./bots.ts";
import { type CliIo, EXIT } from "./command.ts";

function parse(args: string[], usage: string, options: Record<string, { type: "string" | "boolean" }>) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${usage}`);
  }
}

/** One line per bot: id, on/off, strategy, tags, where it trades, its risk. */
function describeBot(bot: Bot): string {
  const m = bot.manifest;
  const where = [
    m.sessions.join("+"),
    m.time_windows.map((w) => `${w.start}–${w.end} ${w.timezone}`).join(", "),
    m.regimes.join("+"),
  ].filter(Boolean);
  return [
    bot.id.padEnd(20),
    (bot.enabled ? "on" : "off").padEnd(4),
    bot.strategy.id.padEnd(18),
    (m.tags.join(" ") || "-").padEnd(22),
    `risk ${m.max_risk_per_trade_pct}% kelly×${m.kelly_cap}`.padEnd(22),
    where.join("; ") || "any time",
  ]
    .join(" ")
    .trimEnd();
}

/** `pipscope bots list`, run: validates a bots file or directory and lists its bots. */
export async function runBotsList(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, LIST_USAGE, { json: { type: "boolean" } });
  if (positionals.length !== 1)
    throw new PipscopeError("CLI_USAGE", `expected one bots file or directory. Usage: pipscope ${LIST_USAGE}`);
  const bots = await readBots(positionals[0], io.cwd);
  io.stdout.write(values.json ? exportBots(bots) : `${bots.map(describeBot).join("\n")}\n`);
  return EXIT.ok;
}

/** `pipscope bots examples`, run: the example bots as a bots file. */
export async function runBotsExamples(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, EXAMPLES_USAGE, { out: { type: "string" } });
  if (positionals.length > 0)
    throw new PipscopeError("CLI_USAGE", `unexpected '${positionals[0]}'. Usage: pipscope ${EXAMPLES_USAGE}`);
  const bots = EXAMPLE_BOTS.map((bot) => parseBot(bot));
  if (typeof values.out === "string") {
    await writeBotsFile(resolve(io.cwd, values.out), bots, values.out);
    io.stderr.write(`pipscope: wrote ${bots.length} bots to ${values.out}\n`);
  } else io.stdout.write(exportBots(bots));
  return EXIT.ok;
}
