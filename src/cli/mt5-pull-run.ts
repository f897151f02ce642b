import { resolve } from "node:path";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { parseTimeframe } from "../core/data/timeframes.ts";
import { PipscopeError } from "../core/errors.ts";
import { MS_PER_DAY, type UtcMs } from "../core/units.ts";
import { MarketStore } from "../store/market-store.ts";
import { type PullProgress, type PullResult, type PullSocket, pullHistory } from "../store/mt5-pull.ts";
import { type CliIo, EXIT } from "./command.ts";
import { MT5_PULL_USAGE as USAGE } from "./mt5.ts";
import { openCliHost } from "./open-store.ts";

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        symbol: { type: "string" },
        timeframe: { type: "string" },
        ticks: { type: "boolean", default: false },
        from: { type: "string" },
        to: { type: "string" },
        relay: { type: "string", default: "ws://127.0.0.1:8765" },
        token: { type: "string" },
        tz: { type: "string" },
        "chunk-rows": { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${USAGE}`);
  }
}

/** A UTC date (a `--to` date means the end of that day) or an ISO 8601 time with its zone. */
function instant(text: string | undefined, flag: "--from" | "--to"): UtcMs {
  if (text === undefined) throw new PipscopeError("CLI_USAGE", `${flag} is required. Usage: pipscope ${USAGE}`);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(date ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms) || (!date && !/(Z|[+-]\d{2}:?\d{2})$/.test(text)))
    throw new PipscopeError("CLI_BAD_DATE", `${flag} '${text}' is not a date (2024-01-01) nor a time with a zone`, {
      field: flag,
    });
  return (date && flag === "--to" ? ms + MS_PER_DAY : ms) as UtcMs;
}

/** Codes of a pull that could not finish: a run that failed, not bad input. */
const INTERRUPTED = new Set([
  "MT5_CONNECTION_LOST",
  "MT5_TERMINAL_LOST",
  "MT5_PULL_CANCELLED",
  "MT5_NO_RELAY",
  "MT5_NO_TERMINAL",
]);

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function describe(result: PullResult): string {
  const d = result.dataset;
  const where = d
    ? `${d.id} now holds ${d.rows.toLocaleString("en-US")} rows, ${iso(d.first)} … ${iso(d.last)}, quality ${d.quality}/100`
    : "";
  if (result.status === "up_to_date") return `up to date: ${where}`;
  return [
    `pulled ${result.rows.toLocaleString("en-US")} rows from ${result.server}${result.resumed ? `, going on from ${iso(result.started)} after the rows already stored` : ""} in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / Math.max(result.seconds, 1e-3)).toLocaleString("en-US")} rows/s)`,
    where,
  ].join("\n");
}

/** `pipscope mt5 pull`, run: history from the terminal behind the relay, with progress on stderr. */
export async function runMt5Pull(args: string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (!values.symbol) throw new PipscopeError("CLI_USAGE", `--symbol is required. Usage: pipscope ${USAGE}`);
  if (values.ticks === (values.timeframe !== undefined))
    throw new PipscopeError("CLI_USAGE", `give --timeframe <tf> or --ticks (one of them). Usage: pipscope ${USAGE}`);
  const from = instant(values.from, "--from");
  const to = instant(values.to, "--to");
  if (to <= from) throw new PipscopeError("CLI_BAD_DATE", "--to must be after --from", { field: "--to" });
  // Like an import, a pull makes no sample: it brings the data itself.
  const store = await MarketStore.open(await openCliHost(resolve(io.cwd, values["data-dir"] ?? ".pipscope"), io));
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once("SIGINT", interrupt);
  const progress = ({ rows, at, rate, from: start, to: end }: PullProgress) => {
    const done = Math.min(100, (100 * (at - start)) / Math.max(1, end - start));
    io.stderr.write(
      `pulling ${values.symbol} ${done.toFixed(0).padStart(3)}%  ${rows.toLocaleString("en-US")} rows up to ${iso(at)}  ${Math.round(rate).toLocaleString("en-US")} rows/s\n`,
    );
  };
  try {
    const result = await pullHistory(
      store,
      {
        relay: values.relay as string,
        token: values.token,
        symbol: values.symbol.toUpperCase(),
        kind: values.ticks ? "ticks" : "bars",
        timeframe: values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe, "--timeframe"),
        from,
        to,
        tz: values.tz,
        chunkRows: values["chunk-rows"] === undefined ? undefined : Number(values["chunk-rows"]),
      },
      (url) => new WebSocket(url) as unknown as PullSocket,
      progress,
      abort.signal,
    );
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${describe(result)}\n`);
    return EXIT.ok;
  } catch (error) {
    // A pull that started and stopped failed as a run (1); bad input — an unknown symbol, a
    // range the terminal does not have, a bad date — exits 2 from the command line's handler.
    if (error instanceof PipscopeError && INTERRUPTED.has(error.code)) {
      io.stderr.write(`pipscope: ${error.describe()}\n`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    process.off("SIGINT", interrupt);
  }
}
