import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import type { z } from "zod";
import { PipscopeError } from "../errors.ts";

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** `$.a.b[0]` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("")}`;
}

/** A zod issue as a sentence: unknown keys and enum choices spelled out. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message.replace(/^Invalid input: /, "");
}

/** The deepest nesting of arrays and objects read from a file or a link: ours nest fewer than ten. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON nested deeper than `maxDepth` before anything parses it: a megabyte of `[[[[…`
 * costs a recursive parser its stack and a schema check seconds. One pass over the text that
 * skips strings; stops at the first bracket too deep.
 * @throws PipscopeError JSON_TOO_DEEP naming the file, line and column of that bracket.
 */
export function checkJsonDepth(text: string, file: string, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth)
        throw new PipscopeError("JSON_TOO_DEEP", `arrays and objects nest deeper than ${maxDepth} levels`, {
          file,
          ...lineColumn(text, i),
        });
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * Strict JSON (no comments, no trailing commas) with the position of the first syntax error:
 * Node 20's JSON.parse does not say where it failed, jsonc-parser does. Nesting is bounded first
 * (checkJsonDepth).
 */
export function parseJson(text: string, file: string): unknown {
  checkJsonDepth(text, file);
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    throw new PipscopeError("CONFIG_BAD_JSON", `not valid JSON: ${printParseErrorCode(error)}`, {
      file,
      ...lineColumn(text, offset),
    });
  }
  return data;
}
