import { z } from "zod";
import { parseJson } from "../config/load.ts";
import { VARIANTS } from "../config/walk-forward-config.ts";
import type { BacktestResult } from "../engine/backtest.ts";
import { PipscopeError } from "../errors.ts";
import type { VariantOutcome } from "../run/variants.ts";
import { backtestResultSchema } from "./backtest.ts";

const breakdownRow = z.object({
  key: z.string(),
  trades: z.number(),
  wins: z.number(),
  win_rate: z.number(),
  net_pnl: z.number(),
  avg_pnl: z.number(),
  pips: z.number(),
});

/** A variant's Monte Carlo as `--variants` stores it beside its result (cli/print-monte-carlo.ts). */
const monteCarloSummarySchema = z.object({
  runs: z.number(),
  seed: z.number(),
  trades: z.number(),
  basis: z.enum(["money", "returns"]),
  why: z.string(),
  percentiles: z.array(z.object({ percentile: z.number(), finalEquity: z.number(), maxDrawdownPct: z.number() })),
  ruin_probability: z.number().min(0).max(1),
  drawdown_pct: z.number(),
  drawdown_probability: z.number().min(0).max(1),
});
export type StoredMonteCarlo = z.infer<typeof monteCarloSummarySchema>;

const variant = z.enum(VARIANTS);
/** `{variants: [...]}` as `pipscope backtest --variants … --out` writes it. */
const variantsFileSchema = z.object({
  variants: z
    .array(
      z.discriminatedUnion("status", [
        z.object({
          variant,
          status: z.literal("complete"),
          result: backtestResultSchema.extend({
            variant,
            regime_breakdown: z.array(breakdownRow).default([]),
            walk_forward: z.unknown().optional(),
          }),
          monte_carlo: monteCarloSummarySchema.nullable().optional(),
        }),
        z.object({
          variant,
          status: z.enum(["unavailable", "failed"]),
          error: z.object({ code: z.string(), message: z.string() }),
        }),
      ]),
    )
    .min(1),
});

/** A variant of a stored comparison, with the Monte Carlo it was stored with. */
export type StoredVariant = VariantOutcome & { monte_carlo?: StoredMonteCarlo | null };

/** What a result file holds: one run, or a comparison of variants. */
export type ResultFile = { kind: "run"; result: BacktestResult } | { kind: "comparison"; variants: StoredVariant[] };

function refuse(error: z.ZodError, file: string): PipscopeError {
  const issue = error.issues[0];
  const path = `$${issue.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("")}`;
  return new PipscopeError(
    "RESULT_INVALID",
    `not a Pipscope result: ${path}: ${issue.message.replace(/^Invalid input: /, "")}`,
    { file, path },
  );
}

/**
 * Reads a result file (the CLI's `--out`, the app's export): one run's result, or the comparison
 * `--variants` writes (`{variants: [...]}`), naming any problem's JSON path.
 */
export function parseResultFile(text: string, file: string): ResultFile {
  const data = parseJson(text, file);
  if (typeof data === "object" && data !== null && "variants" in data) {
    const parsed = variantsFileSchema.safeParse(data);
    if (!parsed.success) throw refuse(parsed.error, file);
    return { kind: "comparison", variants: parsed.data.variants as unknown as StoredVariant[] };
  }
  const parsed = backtestResultSchema.safeParse(data);
  if (!parsed.success) throw refuse(parsed.error, file);
  return { kind: "run", result: parsed.data as unknown as BacktestResult };
}
