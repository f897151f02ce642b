import type { ParamSpec, ParamValues } from "../../strategy/params.ts";
import type { Metrics } from "../metrics.ts";
import { type CompiledExpression, compileExpression, type ValueType } from "./expression.ts";
import { paramTypes } from "./search.ts";

/**
 * The metrics a sweep keeps per combination: those computed from trade P&L, commissions, swaps
 * and the per-bar equity, which the vectorised simulator and the engine produce alike (not the
 * pip-based ones, MAE/MFE or the breakdowns, which need the engine's per-trade detail).
 */
export const SWEEP_METRICS = [
  "net_profit",
  "return_pct",
  "sharpe",
  "sortino",
  "profit_factor",
  "max_drawdown",
  "max_drawdown_pct",
  "calmar",
  "cagr_pct",
  "recovery_factor",
  "sqn",
  "expectancy",
  "win_rate",
  "trades",
  "exposure_pct",
  "total_commission",
  "total_swap",
  "final_balance",
] as const satisfies readonly (keyof Metrics)[];

export type SweepMetricName = (typeof SWEEP_METRICS)[number];
export type SweepMetrics = Pick<Metrics, SweepMetricName>;

/** The sweep's metrics out of a full set. */
export function sweepMetricsOf(metrics: Metrics): SweepMetrics {
  const picked = {} as Record<SweepMetricName, number | null>;
  for (const name of SWEEP_METRICS) picked[name] = metrics[name];
  return picked as SweepMetrics;
}

/** Metrics where less is better; every other metric is maximised. */
const MINIMISED: ReadonlySet<SweepMetricName> = new Set(["max_drawdown", "max_drawdown_pct", "total_commission"]);

/** What a sweep ranks by: a metric, or an expression over metrics and parameters (maximised). */
export interface Objective {
  /** The metric's name or the expression's source. */
  label: string;
  direction: "max" | "min";
  /** The objective's value for one combination; NaN when undefined (it then ranks last). */
  valueFor(metrics: SweepMetrics, params: ParamValues): number;
}

/** The four objectives of issue 7, in the order a form offers them. */
export const OBJECTIVES = ["net_profit", "sharpe", "profit_factor", "max_drawdown"] as const;

/**
 * An objective from a metric name (`sharpe`; `max_drawdown` is minimised) or an expression
 * (`net_profit / max(max_drawdown, 1)`, maximised; negate it to minimise) over SWEEP_METRICS and
 * the strategy's parameters. Throws SWEEP_BAD_EXPRESSION naming the column of a mistake.
 */
export function parseObjective(text: string, specs: readonly ParamSpec[]): Objective {
  const source = text.trim();
  if ((SWEEP_METRICS as readonly string[]).includes(source)) {
    const metric = source as SweepMetricName;
    return {
      label: metric,
      direction: MINIMISED.has(metric) ? "min" : "max",
      valueFor: (metrics) => metrics[metric] ?? Number.NaN,
    };
  }
  const names: Record<string, ValueType> = { ...paramTypes(specs) };
  for (const metric of SWEEP_METRICS) names[metric] = "number";
  const expression: CompiledExpression = compileExpression(source, names, "number", "objective");
  return {
    label: source,
    direction: "max",
    valueFor: (metrics, params) => expression.evaluate({ ...params, ...metrics }) as number,
  };
}
