import type { Objective } from "./objective.ts";
import type { SweepRow } from "./protocol.ts";

/** A row with its objective value and its place (1 = best). */
export interface RankedRow {
  rank: number;
  value: number;
  row: SweepRow;
}

/** Whether objective value `a` beats `b`. */
export function better(objective: Objective, a: number, b: number): boolean {
  return objective.direction === "max" ? a > b : a < b;
}

/** The objective's value of a row; NaN for a failed run or an undefined metric. */
export function objectiveValue(objective: Objective, row: SweepRow): number {
  return row.metrics ? objective.valueFor(row.metrics, row.params) : Number.NaN;
}

/**
 * The best `top` rows by the objective (ties: the earlier combination first); rows whose value
 * is undefined are left out. A sort of a few thousand rows: plain code rather than arquero, whose
 * expressions compile with `Function`, which the page's CSP forbids on the main thread.
 */
export function rankRows(rows: readonly SweepRow[], objective: Objective, top = 10): RankedRow[] {
  const valued: RankedRow[] = [];
  for (const row of rows) {
    const value = objectiveValue(objective, row);
    if (Number.isFinite(value)) valued.push({ rank: 0, value, row });
  }
  valued.sort((a, b) =>
    a.value === b.value ? a.row.index - b.row.index : better(objective, a.value, b.value) ? -1 : 1,
  );
  const best = valued.slice(0, Math.max(0, top));
  best.forEach((ranked, i) => {
    ranked.rank = i + 1;
  });
  return best;
}
