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

/**
 * Strict JSON (no comments, no trailing commas) with the position of the first syntax error:
 * Node 20's JSON.parse does not say where it failed, jsonc-parser does.
 */
export function parseJson(text: string, file: string): unknown {
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
