/** A limit on a benchmark: on its value or on its ratio to the baseline. */
export interface Budget {
  on: "value" | "ratio";
  op: ">=" | "<=";
  limit: number;
}

/** What one benchmark measured: a median, and the baseline's median from the same run if any. */
export interface Measurement {
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
}

export interface Benchmark {
  /** Dotted name; `npm run bench <prefix>` runs those starting with the prefix. */
  name: string;
  budget?: Budget;
  /**
   * A diagnostic: a figure no user meets as such (a warm inner loop, a synthetic host), kept to
   * explain the budgets; its budget is shown but does not fail the run.
   */
  diagnostic?: boolean;
  run(): Promise<Measurement>;
}

/** One row of bench/results/latest.json (SPEC §12). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: string | null;
  baseline_value: number | null;
  ratio: number | null;
  budget: string | null;
  pass: boolean | null;
  diagnostic: boolean;
}

export function median(samples: number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of `fn` in ms over `runs` runs, after `warmup` unmeasured ones. */
export async function timeMedian(fn: () => unknown, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** Turns a measurement into a result row, computing the ratio and checking the budget. */
export function evaluate(bench: Benchmark, m: Measurement): BenchResult {
  const ratio = m.baseline ? m.value / m.baseline.value : null;
  const budget = bench.budget;
  let pass: boolean | null = null;
  if (budget) {
    const subject = budget.on === "value" ? m.value : ratio;
    pass = subject !== null && (budget.op === ">=" ? subject >= budget.limit : subject <= budget.limit);
  }
  return {
    name: bench.name,
    value: m.value,
    unit: m.unit,
    baseline: m.baseline?.name ?? null,
    baseline_value: m.baseline?.value ?? null,
    ratio,
    budget: budget ? `${budget.on} ${budget.op} ${budget.limit}` : null,
    pass,
    diagnostic: bench.diagnostic ?? false,
  };
}
