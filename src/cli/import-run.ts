import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { FORMATS, type FormatId, type ValueField } from "../core/data/formats/layout.ts";
import { parseTimeframe } from "../core/data/timeframes.ts";
import { PipscopeError } from "../core/errors.ts";
import { type ImportOptions, type ImportResult, MarketStore } from "../store/market-store.ts";
import { nodeFileSource } from "../store/node-source.ts";
import { type CliIo, EXIT } from "./command.ts";
import { IMPORT_USAGE as USAGE } from "./import.ts";
import { openCliHost } from "./open-store.ts";

const MAP_FIELDS = [
  "time",
  "date",
  "open",
  "high",
  "low",
  "close",
  "tickVolume",
  "volume",
  "spread",
  "bid",
  "ask",
  "last",
  "flags",
];

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        symbol: { type: "string" },
        timeframe: { type: "string" },
        tz: { type: "string" },
        map: { type: "string", multiple: true },
        "date-format": { type: "string" },
        dataset: { type: "string" },
        replace: { type: "boolean", default: false },
        skip: { type: "boolean", default: false },
        "data-dir": { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${USAGE}`);
  }
}

/** `time=Date,open=O` (or several --map) → { time: "Date", open: "O" }. */
function parseMap(values: string[] | undefined): ImportOptions["map"] {
  if (!values?.length) return undefined;
  const map: Record<string, string> = {};
  for (const pair of values.flatMap((v) => v.split(","))) {
    const [field, column] = pair.split("=").map((s) => s.trim());
    const known = MAP_FIELDS.find((f) => f.toLowerCase() === field?.toLowerCase().replace(/_/g, ""));
    if (!known || !column) {
      throw new PipscopeError(
        "CLI_BAD_MAP",
        `--map '${pair}' is not field=column; fields are ${MAP_FIELDS.join(", ")} and a column is a header name or a 1-based number`,
        { field: "map" },
      );
    }
    map[known] = column;
  }
  return map as Partial<Record<ValueField | "time" | "date", string>>;
}

/** Reads the command line into import options (everything validated, nothing opened yet). */
export function importOptions(values: ReturnType<typeof options>["values"]): ImportOptions {
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) {
    throw new PipscopeError("CLI_BAD_FORMAT", `--format '${values.format}' is not one of ${FORMATS.join(", ")}`, {
      field: "format",
    });
  }
  if (values.replace && values.skip) throw new PipscopeError("CLI_USAGE", "give --replace or --skip, not both");
  return {
    format: values.format as FormatId | undefined,
    symbol: values.symbol?.toUpperCase(),
    timeframe: values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe, "--timeframe"),
    tz: values.tz,
    map: parseMap(values.map),
    dateFormat: values["date-format"],
    dataset: values.dataset,
    onDuplicate: values.replace ? "replace" : values.skip ? "skip" : "error",
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The readable summary of an import. */
export function describeImport(result: ImportResult): string {
  const d = result.dataset;
  if (result.status === "skipped") return `skipped: this file is already in ${d.id} (use --replace to import it again)`;
  const report = result.report;
  const dropped = result.rowsRead - result.rowsStored;
  return [
    `recognised ${result.description}, times in ${result.timezone}`,
    `imported ${result.rowsStored.toLocaleString("en-US")} rows${dropped ? ` (${dropped.toLocaleString("en-US")} dropped: duplicates or bad prices)` : ""} into ${d.id}`,
    `this file: quality ${report?.score ?? "?"}/100 — ${report?.gaps.count ?? 0} gaps, ${report?.spikes.count ?? 0} spikes, ${report?.spread.outliers ?? 0} spread outliers`,
    `${d.id} now holds ${d.rows.toLocaleString("en-US")} rows, ${iso(d.first)} … ${iso(d.last)}, quality ${d.quality}/100`,
  ].join("\n");
}

/** Prints import progress to stderr every 10 %. */
export function progressPrinter(io: CliIo, label: string) {
  let shown = -10;
  return ({ bytesRead, totalBytes }: { bytesRead: number; totalBytes: number }) => {
    const percent = Math.floor((100 * bytesRead) / Math.max(1, totalBytes));
    if (percent >= shown + 10) {
      shown = percent - (percent % 10);
      io.stderr.write(`${label} ${String(percent).padStart(3)}%\n`);
    }
  };
}

/** `pipscope import`, run: the file into its dataset, with progress on stderr. */
export async function runImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = options(args);
  if (positionals.length !== 1) {
    throw new PipscopeError("CLI_USAGE", `give one file to import. Usage: pipscope ${USAGE}`);
  }
  const importing = importOptions(values);
  const path = resolve(io.cwd, positionals[0]);
  const source = await nodeFileSource(path);
  try {
    const store = await MarketStore.open(await openCliHost(resolve(io.cwd, values["data-dir"] ?? ".pipscope"), io));
    const result = await store.importFile(source, importing, progressPrinter(io, `importing ${source.name}`));
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${describeImport(result)}\n`);
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
