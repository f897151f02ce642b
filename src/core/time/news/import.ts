import { PipscopeError } from "../../errors.ts";
import { parseNewsCsv } from "./csv.ts";
import { decodeNewsBytes } from "./decode.ts";
import type { NewsFormat, NewsImport, NewsParseOptions } from "./events.ts";
import { parseForexFactoryJson } from "./forexfactory-json.ts";
import { parseNewsXml } from "./xml.ts";

/** The format of a calendar file, from its first non-blank character, else its extension. */
export function detectNewsFormat(text: string, file: string): NewsFormat {
  const first = text.trimStart()[0];
  if (first === "[" || first === "{") return "forexfactory-json";
  if (first === "<") return "xml";
  if (/^\s*"?title"?\s*,/i.test(text) || /\.csv$/i.test(file)) return "csv";
  throw new PipscopeError(
    "NEWS_UNKNOWN_FORMAT",
    "not a calendar export Pipscope reads: expected ForexFactory JSON, CSV with a Title,Country,Date,Time,Impact,Forecast,Previous header, or XML",
    { file },
  );
}

const PARSERS: Record<NewsFormat, (text: string, options: NewsParseOptions) => NewsImport> = {
  "forexfactory-json": parseForexFactoryJson,
  csv: parseNewsCsv,
  xml: parseNewsXml,
};

/**
 * Imports an economic-calendar file from its bytes: decodes (UTF-8, UTF-16LE or the windows-1252
 * of an XML declaration), detects the format and parses. Good rows become events sorted by time;
 * each malformed row is skipped and reported in `errors` with its line and field.
 */
export function importNewsFile(bytes: Uint8Array, options: NewsParseOptions): NewsImport {
  const text = decodeNewsBytes(bytes);
  const result = PARSERS[detectNewsFormat(text, options.file)](text, options);
  result.events.sort((a, b) => a.time - b.time);
  return result;
}
