import { PipscopeError } from "../../errors.ts";
import type { NewsImport, NewsParseOptions } from "./events.ts";
import { eventFromRow, importZone, type RawNewsRow } from "./rows.ts";

/** A CSV record and the 1-based line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; blank lines are skipped. */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== "") records.push({ line: start, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** Header names (case-insensitive) of the calendar CSV export, mapped to row parts. */
const COLUMNS: Record<keyof RawNewsRow, string> = {
  title: "Title",
  country: "Country",
  date: "Date",
  time: "Time",
  impact: "Impact",
  forecast: "Forecast",
  previous: "Previous",
};
const REQUIRED: (keyof RawNewsRow)[] = ["title", "country", "date", "time", "impact"];

/**
 * Parses a calendar CSV with the header `Title,Country,Date,Time,Impact,Forecast,Previous` (any
 * column order). Dates are month first (03-12-2024) or ISO; times 9:00pm, 14:30, All Day or
 * Tentative, in `options.zone`. A malformed row is skipped with an error naming its line and column.
 */
export function parseNewsCsv(text: string, options: NewsParseOptions): NewsImport {
  const zone = importZone(options.zone);
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new PipscopeError("NEWS_EMPTY", "the file has no rows", { file: options.file });
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const index = {} as Record<keyof RawNewsRow, number>;
  for (const key of Object.keys(COLUMNS) as (keyof RawNewsRow)[])
    index[key] = names.indexOf(COLUMNS[key].toLowerCase());
  const missing = REQUIRED.filter((key) => index[key] < 0).map((key) => COLUMNS[key]);
  if (missing.length)
    throw new PipscopeError(
      "NEWS_BAD_HEADER",
      `the header lacks ${missing.join(", ")}; expected Title,Country,Date,Time,Impact,Forecast,Previous`,
      { file: options.file, line: header.line },
    );
  const result: NewsImport = { format: "csv", events: [], errors: [] };
  for (const record of rows) {
    const where = { file: options.file, line: record.line };
    try {
      if (record.fields.length !== header.fields.length)
        throw new PipscopeError(
          "NEWS_BAD_ROW",
          `${record.fields.length} fields where the header has ${header.fields.length}`,
          { ...where, field: "(row)" },
        );
      const row: RawNewsRow = {};
      for (const key of Object.keys(COLUMNS) as (keyof RawNewsRow)[])
        if (index[key] >= 0) row[key] = record.fields[index[key]];
      result.events.push(eventFromRow(row, zone, where, COLUMNS));
    } catch (error) {
      if (!(error instanceof PipscopeError)) throw error;
      result.errors.push(error);
    }
  }
  return result;
}
