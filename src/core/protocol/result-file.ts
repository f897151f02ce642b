import { parseJson } from "../config/load.ts";
import type { BacktestResult } from "../engine/backtest.ts";
import { PipscopeError } from "../errors.ts";
import { backtestResultSchema } from "./backtest.ts";

/** Reads a result JSON file (from the CLI's `--out` or the app's export), naming any problem's path. */
export function parseResultFile(text: string, file: string): BacktestResult {
  const parsed = backtestResultSchema.safeParse(parseJson(text, file));
  if (parsed.success) return parsed.data as unknown as BacktestResult;
  const issue = parsed.error.issues[0];
  const path = `$${issue.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("")}`;
  throw new PipscopeError(
    "RESULT_INVALID",
    `not a Pipscope result: ${path}: ${issue.message.replace(/^Invalid input: /, "")}`,
    {
      file,
      path,
    },
  );
}
