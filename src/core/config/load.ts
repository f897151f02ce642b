import { PipscopeError } from "../errors.ts";
import { describeIssue, jsonPath, parseJson } from "./json-text.ts";
import { type SessionConfig, sessionConfigSchema } from "./session-config.ts";

/** Where readers of other JSON files found it first. */
export { parseJson };

/**
 * Parses and validates a session config. A JSON syntax error names line and column; a schema
 * error names the JSON path and what was expected (`$.backtest_config.leverage: expected number,
 * received string`). Defaults are filled in.
 */
export function loadSessionConfig(text: string, file = "config"): SessionConfig {
  return parseSessionConfig(parseJson(text, file), file);
}

/** Validates already-parsed config data (e.g. from the app's form). */
export function parseSessionConfig(data: unknown, file = "config"): SessionConfig {
  const parsed = sessionConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = jsonPath(issue.path);
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
  throw new PipscopeError("CONFIG_INVALID", `${path}: ${describeIssue(issue)}${more}`, { file, path });
}
