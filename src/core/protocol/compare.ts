import { z } from "zod";
import { VARIANTS } from "../config/walk-forward-config.ts";
import { PipscopeError } from "../errors.ts";
import type { VariantOutcome } from "../run/variants.ts";

/**
 * What the backtest worker tells the Compare page while it runs the variants, and what it
 * answers with at the end. Checked on arrival in the page (SPEC §2).
 */

const variant = z.enum(VARIANTS);
const params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

export const compareEventSchema = z.discriminatedUnion("type", [
  /** A variant's run (or its walk-forward optimisation) begins; `backtest_id` is its event stream's. */
  z.object({ type: z.literal("variant_start"), variant, backtest_id: z.string() }),
  /** A `*_full` variant chose parameters for one more in-sample window (1-based `window`). */
  z.object({
    type: z.literal("window"),
    variant,
    window: z.number().int().min(1),
    windows: z.number().int().min(1),
    in_sample_start: z.number(),
    in_sample_end: z.number(),
    params,
    objective: z.number().nullable(),
  }),
  /** The engine's progress (SPEC §6 `backtest_progress`, about 10 a second). */
  z.object({
    type: z.literal("progress"),
    variant,
    progress: z.number().min(0).max(100),
    current_date: z.string(),
    trades_count: z.number(),
    current_pnl: z.number(),
  }),
  /** A variant ended: its outcome (the same as in the final answer). */
  z.object({ type: z.literal("variant_end"), variant, status: z.enum(["complete", "unavailable", "failed"]) }),
]);
export type CompareEvent = z.infer<typeof compareEventSchema>;

const breakdownRow = z.object({
  key: z.string(),
  trades: z.number(),
  wins: z.number(),
  win_rate: z.number(),
  net_pnl: z.number(),
  avg_pnl: z.number(),
  pips: z.number(),
});

const walkForwardSchema = z.object({
  mode: z.enum(["rolling", "anchored"]),
  in_sample_days: z.number(),
  out_of_sample_days: z.number(),
  objective: z.string(),
  windows: z.array(
    z.object({
      index: z.number(),
      in_sample: z.object({ start: z.number(), end: z.number(), rows: z.number() }),
      out_of_sample: z.object({ start: z.number(), end: z.number(), rows: z.number() }),
      params,
      objective: z.number().nullable(),
      evaluated: z.number(),
      in_sample_return_pct: z.number().nullable(),
      out_of_sample_return_pct: z.number(),
    }),
  ),
  in_sample_annual_return_pct: z.number().nullable(),
  out_of_sample_annual_return_pct: z.number(),
  efficiency: z.number().nullable(),
});

/** A variant's result as the Compare page needs it: no trade list, the curve already downsampled. */
const compareResultSchema = z.object({
  backtest_id: z.string(),
  variant,
  symbol: z.string(),
  timeframe: z.string(),
  /** A portfolio run says `portfolio` with its bots' ids. */
  strategy: z.object({ id: z.string(), params }),
  start: z.number(),
  end: z.number(),
  metrics: z.record(z.string(), z.number().nullable()),
  curve: z.object({
    time: z.array(z.number()),
    equity: z.array(z.number()),
    balance: z.array(z.number()),
    drawdown_pct: z.array(z.number()),
  }),
  breakdowns: z.object({ session: z.array(breakdownRow) }),
  regime_breakdown: z.array(breakdownRow),
  walk_forward: walkForwardSchema.optional(),
});

const compareOutcomeSchema = z.discriminatedUnion("status", [
  z.object({ variant, status: z.literal("complete"), result: compareResultSchema }),
  z.object({
    variant,
    status: z.enum(["unavailable", "failed"]),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type CompareOutcome = z.infer<typeof compareOutcomeSchema>;
export type CompareResult = Extract<CompareOutcome, { status: "complete" }>["result"];

/** A variant's outcome without what the page does not show (the trade list, weekday and hour tables). */
export function compareOutcomeOf(outcome: VariantOutcome): CompareOutcome {
  if (outcome.status !== "complete")
    return {
      variant: outcome.variant,
      status: outcome.status,
      error: { code: outcome.error.code, message: outcome.error.message },
    };
  const r = outcome.result;
  return {
    variant: outcome.variant,
    status: "complete",
    result: {
      backtest_id: r.backtest_id,
      variant: r.variant,
      symbol: r.symbol,
      timeframe: r.timeframe,
      strategy: r.strategy,
      start: r.start,
      end: r.end,
      metrics: { ...r.metrics },
      curve: r.curve,
      breakdowns: { session: r.breakdowns.session },
      regime_breakdown: r.regime_breakdown,
      walk_forward: r.walk_forward,
    },
  };
}

function check<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = `$${issue.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("")}`;
  throw new PipscopeError(
    "COMPARE_BAD_MESSAGE",
    `the backtest worker sent a malformed ${what} at ${path}: ${issue.message}`,
    {
      path,
    },
  );
}

/** Checks an event from the worker; throws COMPARE_BAD_MESSAGE naming the JSON path. */
export function parseCompareEvent(data: unknown): CompareEvent {
  return check(compareEventSchema, data, "event");
}

/** Checks the worker's final answer; throws COMPARE_BAD_MESSAGE naming the JSON path. */
export function parseCompareOutcomes(data: unknown): CompareOutcome[] {
  return check(z.array(compareOutcomeSchema), data, "comparison");
}
