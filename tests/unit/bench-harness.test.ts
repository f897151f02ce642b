import { describe, expect, it } from "vitest";
import { evaluate, median } from "../bench/harness.ts";

describe("benchmark harness", () => {
  it("takes the median of odd and even sample counts", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it("computes the ratio to the baseline and checks a ratio budget", () => {
    const bench = {
      name: "k.sma",
      budget: { on: "ratio", op: ">=", limit: 1.5 } as const,
      run: async () => ({}) as never,
    };
    const row = evaluate(bench, { value: 30, unit: "M/s", baseline: { name: "twin", value: 20 } });
    expect(row).toEqual({
      name: "k.sma",
      value: 30,
      unit: "M/s",
      baseline: "twin",
      baseline_value: 20,
      ratio: 1.5,
      budget: "ratio >= 1.5",
      pass: true,
      diagnostic: false,
    });
    expect(evaluate(bench, { value: 29, unit: "M/s", baseline: { name: "twin", value: 20 } }).pass).toBe(false);
  });

  it("checks a value budget and reports no verdict without one", () => {
    const budgeted = {
      name: "load",
      budget: { on: "value", op: "<=", limit: 150 } as const,
      run: async () => ({}) as never,
    };
    expect(evaluate(budgeted, { value: 151, unit: "ms" }).pass).toBe(false);
    expect(evaluate({ ...budgeted, budget: undefined }, { value: 151, unit: "ms" }).pass).toBeNull();
  });

  it("marks a diagnostic row: its verdict is shown, and the run's exit code ignores it", () => {
    const warm = { name: "engine.warm", budget: { on: "value", op: ">=", limit: 10 } as const, diagnostic: true };
    const row = evaluate({ ...warm, run: async () => ({}) as never }, { value: 5, unit: "M/s" });
    expect([row.pass, row.diagnostic]).toEqual([false, true]);
  });
});
