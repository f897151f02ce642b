import { Temporal } from "@js-temporal/polyfill";
import { type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { PipscopeError } from "../../errors.ts";
import type { NewsImport, NewsParseOptions } from "./events.ts";
import { parseCurrency, parseImpact, parseTitle, type RowWhere } from "./rows.ts";

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The value of a property of an object node: a string, a number as text, "" for null or absent. */
function property(node: Node, name: string): { text: string | undefined; line: number | null } {
  const pair = node.children?.find((p) => p.children?.[0]?.value === name);
  const value = pair?.children?.[1];
  if (!value) return { text: undefined, line: null };
  if (value.type === "string") return { text: value.value, line: value.offset };
  if (value.type === "number") return { text: String(value.value), line: value.offset };
  if (value.type === "null") return { text: "", line: value.offset };
  return { text: undefined, line: value.offset };
}

/**
 * Parses ForexFactory's calendar JSON (`ff_calendar_thisweek.json`): an array of
 * `{title, country, date, impact, forecast, previous}` where `date` carries its UTC offset
 * (`2024-03-12T08:30:00-04:00`). Holiday entries are all-day. A malformed element is skipped with
 * an error naming the line of the bad field and its name; a file that is not a JSON array fails whole.
 */
export function parseForexFactoryJson(text: string, options: NewsParseOptions): NewsImport {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length || !root)
    throw new PipscopeError(
      "NEWS_BAD_JSON",
      `not valid JSON: ${errors.length ? printParseErrorCode(errors[0].error) : "empty file"}`,
      { file: options.file, line: lineAt(text, errors[0]?.offset ?? 0) },
    );
  if (root.type !== "array")
    throw new PipscopeError("NEWS_BAD_JSON", "expected an array of events like ForexFactory's calendar JSON", {
      file: options.file,
      line: lineAt(text, root.offset),
    });
  const result: NewsImport = { format: "forexfactory-json", events: [], errors: [] };
  for (const element of root.children ?? []) {
    const rowWhere: RowWhere = { file: options.file, line: lineAt(text, element.offset) };
    try {
      if (element.type !== "object")
        throw new PipscopeError("NEWS_BAD_ROW", "an event must be an object", { ...rowWhere, field: "(event)" });
      const field = (name: string) => {
        const { text: value, line } = property(element, name);
        return { value, where: line === null ? rowWhere : { file: options.file, line: lineAt(text, line) } };
      };
      const title = field("title");
      const country = field("country");
      const date = field("date");
      const impactField = field("impact");
      const impact = parseImpact(impactField.value, impactField.where);
      const time = parseInstant(date.value, date.where);
      result.events.push({
        // A holiday is all day: keep the calendar date it is written with, as 00:00 UTC.
        time: impact === "Holiday" ? Date.parse(`${date.value?.slice(0, 10)}T00:00:00Z`) : time,
        allDay: impact === "Holiday",
        currency: parseCurrency(country.value, country.where),
        impact,
        title: parseTitle(title.value, title.where),
        forecast: field("forecast").value?.trim() ?? "",
        previous: field("previous").value?.trim() ?? "",
      });
    } catch (error) {
      if (!(error instanceof PipscopeError)) throw error;
      result.errors.push(error);
    }
  }
  return result;
}

/** An ISO 8601 date-time with an offset or Z → UTC ms. */
function parseInstant(text: string | undefined, where: RowWhere): number {
  try {
    return Temporal.Instant.from(text ?? "").epochMilliseconds;
  } catch {
    throw new PipscopeError(
      "NEWS_BAD_ROW",
      `'${text ?? ""}' is not a date-time with a UTC offset like 2024-03-12T08:30:00-04:00`,
      { ...where, field: "date" },
    );
  }
}
