import { FORMATS } from "../core/data/formats/layout.ts";
import { SOURCE_ZONE_HELP } from "../core/data/source-zone-help.ts";
import type { Command } from "./command.ts";

export const IMPORT_USAGE =
  "import <file> [--format <format>] [--symbol <symbol>] [--timeframe <tf>] [--tz <zone>] [--map field=column,…] [--date-format <layout>] [--dataset <name>] [--replace | --skip] [--data-dir <dir>] [--json]";

/** `pipscope import <file>`: imports an MT5, HistData, Dukascopy or CSV file into the local cache. */
export const importCommand: Command = {
  name: "import",
  summary: "Import bars or ticks from an MT5, HistData, Dukascopy or CSV file into the local cache",
  usage: IMPORT_USAGE,
  details: `The format is detected from the first lines and said; the rest is read in chunks, so
files of any size import with flat memory. Times are converted to UTC from the source timezone.

Options:
  --format <f>       force a format: ${FORMATS.filter((f) => f !== "parquet").join(", ")}
  --symbol <s>       the symbol (default: found in the file name, e.g. EURUSD_M1.csv)
  --timeframe <tf>   the bars' timeframe (default: from the file name or the data)
  --tz <zone>        the timezone of the file's times: ${SOURCE_ZONE_HELP}.
                     Required for MT5 and CSV files; HistData (UTC−5) and Dukascopy say theirs.
  --map f=col,…      name the columns of a CSV: time, date, open, high, low, close, tickVolume,
                     volume, spread, bid, ask, last, flags = a header name or a 1-based number
  --date-format <l>  the layout of the time column, e.g. "DD/MM/YYYY HH:mm:ss"
                     (YYYY MM DD HH mm ss SSS and Z for an offset)
  --dataset <name>   add the rows to another of the symbol's datasets (e.g. one an earlier file
                     began, or sample); by default a file keeps a dataset of its own, named
                     after it (a file of the same name adds to it), so no source's data is
                     ever mixed with another's unasked
  --replace, --skip  for a file imported before: import it again over its range, or skip it
  --data-dir <dir>   the local cache (default .pipscope under the working directory)
  --json             print the result as JSON

A file's rows replace the rows of its dataset in the file's time range.
Bad input exits 2 naming the file, line and field; the cache is left exactly as it was.

Examples:
  pipscope import EURUSD_M1_2024.csv --tz mt5-server
  pipscope import DAT_ASCII_GBPUSD_M1_2017.csv
  pipscope import prices.csv --symbol USDJPY --tz UTC --map time=Date,close=Last --date-format "DD.MM.YYYY HH:mm"`,
  run: async (args, io) => (await import("./import-run.ts")).runImport(args, io),
};
