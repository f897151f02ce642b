import { backtestCommand } from "./backtest.ts";
import { botsCommand } from "./bots.ts";
import type { Command } from "./command.ts";
import type { OpenStore } from "./data.ts";
import { dataCommand } from "./data.ts";
import { importCommand } from "./import.ts";
import { mt5Command } from "./mt5.ts";
import { newsCommand } from "./news.ts";
import { relayCommand } from "./relay.ts";
import { sessionsCommand } from "./sessions.ts";
import { sweepCommand } from "./sweep.ts";

/** The local cache, opened (and the sample made on a first start) only by the commands that read it. */
const openCliStore: OpenStore = async (dataDir, io) => (await import("./open-store.ts")).openCliStore(dataDir, io);

/**
 * Every `pipscope` command, in the order `pipscope help` lists them. Each loads the code it runs
 * only when it runs, so `pipscope help` starts as fast as Node does (SPEC §8a).
 */
export const COMMANDS: Command[] = [
  backtestCommand(openCliStore),
  sweepCommand(openCliStore),
  importCommand,
  dataCommand(openCliStore),
  sessionsCommand,
  newsCommand,
  relayCommand,
  mt5Command,
  botsCommand,
];
