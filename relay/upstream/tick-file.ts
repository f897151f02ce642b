import { TickChunk } from "../../src/core/data/chunk.ts";
import { DETECT_LINES, detectLayout } from "../../src/core/data/formats/detect.ts";
import { RowReader } from "../../src/core/data/parse/rows.ts";
import { parseSourceZone, toUtcConverter } from "../../src/core/data/source-zone.ts";
import { PipscopeError } from "../../src/core/errors.ts";
import { mergeTicks, type TickTape } from "./tape.ts";
import { parseTickCsv } from "./tick-csv.ts";

/** A header naming a `symbol` column: the relay's own several-symbol replay format. */
const SYMBOL_HEADER = /(^|[,;\t])\s*symbol\s*([,;\t]|$)/i;

/** Text of a file as MT5 writes it: UTF-16LE with a BOM, or UTF-8 (BOM optional). */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

/**
 * Reads a replay file into a tape. A header with a `symbol` column means the relay's own format
 * of interleaved symbols (tick-csv.ts). Any other tick file — an MT5 Ticks export, HistData or
 * Dukascopy ticks, a CSV with time/bid/ask columns — is read by the importers in
 * src/core/data (format detected from its first lines) as the one symbol named by `symbols`.
 * Its times are read as UTC: a replay keeps only their spacing (see replay.ts).
 * @throws PipscopeError naming the file, line and field of the first problem.
 */
export function readTickFile(bytes: Uint8Array, file: string, symbols: readonly string[]): TickTape {
  const text = decode(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (SYMBOL_HEADER.test(firstLine)) return parseTickCsv(text, file, symbols.length === 1 ? symbols[0] : undefined);
  if (symbols.length !== 1) {
    throw new PipscopeError(
      "RELAY_BAD_TICK_FILE",
      "the file has no symbol column: name its one symbol with --symbols, e.g. --symbols EURUSD",
      { file, field: "--symbols" },
    );
  }
  const lines = text.split(/\r?\n/);
  const layout = detectLayout(lines.slice(0, DETECT_LINES), file);
  if (layout.kind !== "ticks") {
    throw new PipscopeError("RELAY_BAD_TICK_FILE", `${layout.description} holds bars; a replay needs ticks`, { file });
  }
  const reader = new RowReader(layout, toUtcConverter(parseSourceZone("UTC")), file);
  const chunk = new TickChunk(lines.length);
  let offset = 0;
  for (let index = 0; index < lines.length; index++) {
    const end = offset + lines[index].length;
    if (index >= layout.headerLines) {
      const row = chunk.length;
      if (reader.read(text, offset, end, index + 1, chunk) && row > 0 && chunk.time[row] < chunk.time[row - 1]) {
        throw new PipscopeError("RELAY_BAD_TICK_FILE", "ticks go back in time", {
          file,
          line: index + 1,
          field: "time",
        });
      }
    }
    offset = end + (text.charCodeAt(end) === 13 ? 2 : 1);
  }
  if (chunk.length === 0) throw new PipscopeError("RELAY_BAD_TICK_FILE", "no ticks in the file", { file });
  return mergeTicks([{ symbol: symbols[0], ticks: chunk.view() }]);
}
