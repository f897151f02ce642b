import type { Command } from "./command.ts";

export const BOTS_LIST_USAGE = "bots list <file|dir> [--json]";
export const BOTS_EXAMPLES_USAGE = "bots examples [--out <file>]";

const listCommand: Command = {
  name: "list",
  summary: "Validate a bots file or directory and list its bots",
  usage: BOTS_LIST_USAGE,
  details: `A bots file holds one bot or {"bots": [...]} (what the Bots page exports); a directory is
read file by file (*.json, in name order). An invalid bot stops with its file and JSON path.

Options:
  --json   print the bots, defaults filled, as one bots file

Example: pipscope bots list bots/ --json`,
  run: async (args, io) => (await import("./bots-run.ts")).runBotsList(args, io),
};

const examplesCommand: Command = {
  name: "examples",
  summary: "Print (or write) the two example bots as a bots file",
  usage: BOTS_EXAMPLES_USAGE,
  details: `The London-breakout bot and the @primal MA-cross bot the Bots page offers.

Options:
  --out <file>   write them to this file instead of stdout

Example: pipscope bots examples --out bots.json`,
  run: async (args, io) => (await import("./bots-run.ts")).runBotsExamples(args, io),
};

/** `pipscope bots`: the bot registry as JSON files (SPEC §5). */
export const botsCommand: Command = {
  name: "bots",
  summary: "Bot registry files: validate, list, write the examples",
  usage: "bots <command>",
  subcommands: [listCommand, examplesCommand],
};
