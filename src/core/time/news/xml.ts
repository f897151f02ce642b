import { PipscopeError } from "../../errors.ts";
import type { NewsImport, NewsParseOptions } from "./events.ts";
import { eventFromRow, importZone, type RawNewsRow } from "./rows.ts";

const TAGS: Record<keyof RawNewsRow, string> = {
  title: "title",
  country: "country",
  date: "date",
  time: "time",
  impact: "impact",
  forecast: "forecast",
  previous: "previous",
};

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Text content of an element: CDATA sections kept verbatim, entities decoded elsewhere. */
function elementText(inner: string): string {
  return inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, cdata, entity) => {
    if (cdata !== undefined) return cdata;
    if (entity[0] === "#")
      return String.fromCodePoint(
        entity[1] === "x" || entity[1] === "X" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
      );
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * Parses a ForexFactory-style weekly XML (`<weeklyevents><event><title><![CDATA[…]]></title>
 * <country>…<date>03-12-2024</date><time>8:30am</time><impact>…`). Decode the bytes first with
 * decodeNewsBytes (the feed is windows-1252). Times are in `options.zone`. A malformed `<event>`
 * is skipped with an error naming its line and the tag.
 */
export function parseNewsXml(text: string, options: NewsParseOptions): NewsImport {
  if (!/<event[\s>]/.test(text))
    throw new PipscopeError("NEWS_BAD_XML", "no <event> elements: not a ForexFactory-style calendar XML", {
      file: options.file,
    });
  const zone = importZone(options.zone);
  const result: NewsImport = { format: "xml", events: [], errors: [] };
  const eventPattern = /<event(?:\s[^>]*)?>([\s\S]*?)<\/event>/g;
  let line = 1;
  let scanned = 0;
  for (let match = eventPattern.exec(text); match; match = eventPattern.exec(text)) {
    line += countLines(text, scanned, match.index);
    scanned = match.index;
    const where = { file: options.file, line };
    try {
      const row: RawNewsRow = {};
      for (const key of Object.keys(TAGS) as (keyof RawNewsRow)[]) {
        const tag = TAGS[key];
        const element = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>|<${tag}\\s*/>`).exec(match[1]);
        if (element) row[key] = elementText(element[1] ?? "");
      }
      result.events.push(eventFromRow(row, zone, where, TAGS));
    } catch (error) {
      if (!(error instanceof PipscopeError)) throw error;
      result.errors.push(error);
    }
  }
  return result;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}
