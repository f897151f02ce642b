import { backtestCommand } from "./backtest.ts";
import { botsCommand } from "./bots.ts";
import type { Command } from "./command.ts";
import { dataCommand } from "./data.ts";
import { importCommand } from "./import.ts";
import { newsCommand } from "./news.ts";
import { openCliStore } from "./open-store.ts";
import { relayCommand } from "./relay.ts";
import { sessionsCommand } from "./sessions.ts";
import { sweepCommand } from "./sweep.ts";

/**
 * Every `pipscope` command, in the order `pipscope help` lists them. Later issues register
 * theirs here: backtest, sweep, import, data, sessions, news, relay (SPEC §8a).
 */
export const COMMANDS: Command[] = [
  backtestCommand(openCliStore),
  sweepCommand(openCliStore),
  importCommand,
  dataCommand(openCliStore),
  sessionsCommand,
  newsCommand,
  relayCommand,
  botsCommand,
];
