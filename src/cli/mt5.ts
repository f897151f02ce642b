import type { Command } from "./command.ts";

export const MT5_PULL_USAGE =
  "mt5 pull --symbol <symbol> (--timeframe <tf> | --ticks) --from <date> --to <date> [--relay ws://127.0.0.1:8765] [--token <secret>] [--tz mt5-server] [--data-dir <dir>] [--json]";

const pullCommand: Command = {
  name: "pull",
  summary: "Pull bars or ticks from the MT5 terminal behind the relay into the local cache",
  usage: MT5_PULL_USAGE,
  details: `Asks the terminal (the EA relay/mql5/PipscopeBridge.mq5, connected to a relay started with
--source mt5-socket:<port>) for CopyRates or CopyTicksRange history in chunks of 50,000 rows.
Each chunk is stored, atomically, before the terminal sends the next, into the dataset
SYMBOL/bars/TF/mt5-<server> (or SYMBOL/ticks/tick/mt5-<server>): one per trade server, never
mixed with other sources. A pull that stops (terminal closed, relay restarted, Ctrl-C) keeps
the chunks it stored; run it again and it goes on from the last stored row.

Options:
  --symbol <s>        the terminal's symbol name, e.g. EURUSD
  --timeframe <tf>    bars: M1 M5 M15 M30 H1 H4 D1 W1 MN1
  --ticks             ticks instead of bars (CopyTicksRange, all ticks)
  --from, --to        UTC dates (2024-01-01) or times (2024-01-01T12:00:00Z); a --to date
                      includes that whole day
  --relay <url>       the relay (default ws://127.0.0.1:8765); --token if it has one
  --tz <zone>         the trade server's zone (default mt5-server: New York time + 7 h)
  --data-dir <dir>    the local cache (default .pipscope under the working directory)
  --json              print the result as JSON

Progress (rows, range, rate) goes to stderr. A symbol or range the terminal does not have
exits 2 with the terminal's own message; a pull that could not finish (no relay or terminal,
connection lost, Ctrl-C) exits 1 and keeps what it stored.

Examples:
  pipscope mt5 pull --symbol EURUSD --timeframe M1 --from 2024-01-01 --to 2024-12-31
  pipscope mt5 pull --symbol XAUUSD --ticks --from 2024-06-03 --to 2024-06-07`,
  run: async (args, io) => (await import("./mt5-pull-run.ts")).runMt5Pull(args, io),
};

/** `pipscope mt5`: history from the MT5 terminal through the relay. */
export const mt5Command: Command = {
  name: "mt5",
  summary: "Pull history from MetaTrader 5 through the relay",
  usage: "mt5 pull …",
  subcommands: [pullCommand],
};
