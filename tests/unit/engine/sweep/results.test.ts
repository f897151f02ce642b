import { describe, expect, it } from "vitest";
import { heatmap } from "../../../../src/core/engine/sweep/heatmap.ts";
import { parseObjective, SWEEP_METRICS, type SweepMetrics } from "../../../../src/core/engine/sweep/objective.ts";
import type { SweepRow } from "../../../../src/core/engine/sweep/protocol.ts";
import { rankRows } from "../../../../src/core/engine/sweep/ranking.ts";
import type { PipscopeError } from "../../../../src/core/errors.ts";
import { strategyById } from "../../../../src/core/strategy/index.ts";

const SPECS = strategyById("ma_cross").params;

function metrics(values: Partial<SweepMetrics>): SweepMetrics {
  const all = Object.fromEntries(SWEEP_METRICS.map((name) => [name, 0])) as unknown as SweepMetrics;
  return { ...all, ...values };
}

let index = 0;
function row(fast: number, slow: number, kind: string, values: Partial<SweepMetrics> | null): SweepRow {
  return {
    index: index++,
    params: { fast, slow, kind, long_only: false },
    method: "vectorised",
    metrics: values && metrics(values),
    ms: 1,
  };
}

// fast × slow × kind; one failed run, one with an undefined sharpe.
const ROWS: SweepRow[] = [
  row(5, 20, "SMA", { net_profit: 100, sharpe: 1, max_drawdown: 50 }),
  row(5, 20, "EMA", { net_profit: 300, sharpe: 0.5, max_drawdown: 200 }),
  row(5, 30, "SMA", { net_profit: -50, sharpe: -0.2, max_drawdown: 80 }),
  row(5, 30, "EMA", { net_profit: 200, sharpe: null, max_drawdown: 100 }),
  row(10, 20, "SMA", { net_profit: 300, sharpe: 2, max_drawdown: 20 }),
  row(10, 20, "EMA", null),
  row(10, 30, "SMA", { net_profit: 0, sharpe: 0, max_drawdown: 10 }),
  row(10, 30, "EMA", { net_profit: 40, sharpe: 0.1, max_drawdown: 40 }),
];
const FAST = { name: "fast", values: [5, 10] };
const SLOW = { name: "slow", values: [20, 30] };

describe("objectives and ranking", () => {
  it("ranks by a metric, highest first; ties keep the earlier combination; failed and undefined runs are left out", () => {
    const ranked = rankRows(ROWS, parseObjective("net_profit", SPECS), 3);
    expect(ranked.map((r) => [r.rank, r.value, r.row.index])).toEqual([
      [1, 300, ROWS[1].index],
      [2, 300, ROWS[4].index],
      [3, 200, ROWS[3].index],
    ]);
    expect(rankRows(ROWS, parseObjective("sharpe", SPECS), 100)).toHaveLength(6);
  });

  it("minimises max_drawdown", () => {
    const objective = parseObjective("max_drawdown", SPECS);
    expect(objective.direction).toBe("min");
    expect(rankRows(ROWS, objective, 2).map((r) => r.value)).toEqual([10, 20]);
  });

  it("maximises a custom expression over metrics and parameters", () => {
    const objective = parseObjective("net_profit / max(max_drawdown, 1) - fast / 100", SPECS);
    expect(objective).toMatchObject({ label: "net_profit / max(max_drawdown, 1) - fast / 100", direction: "max" });
    // 300 / 20 − 0.1 = 14.9 beats 100 / 50 − 0.05 = 1.95.
    expect(rankRows(ROWS, objective, 2).map((r) => r.value)).toEqual([14.9, 1.95]);
  });

  it("rejects an objective that is not a number or reads an unknown name", () => {
    for (const [text, message] of [
      ["fast < slow", "objective 'fast < slow': must give a number, gives a boolean"],
      ["net_proft", "objective 'net_proft': unknown name 'net_proft'"],
    ]) {
      try {
        parseObjective(text, SPECS);
        throw new Error("accepted");
      } catch (error) {
        expect((error as PipscopeError).code).toBe("SWEEP_BAD_EXPRESSION");
        expect((error as PipscopeError).message.startsWith(message)).toBe(true);
      }
    }
  });
});

describe("heatmaps", () => {
  const objective = parseObjective("net_profit", SPECS);

  it("takes the best over the other parameters, with the cell's best run and the value range", () => {
    const map = heatmap(ROWS, objective, FAST, SLOW, { kind: "best" });
    expect(map.cells.map((line) => line.map((c) => c.value))).toEqual([
      [300, 300], // slow 20: fast 5 (EMA 300), fast 10 (SMA 300; EMA failed)
      [200, 40], // slow 30
    ]);
    expect(map.cells[0][1].best?.params).toEqual({ fast: 10, slow: 20, kind: "SMA", long_only: false });
    expect(map.cells.map((line) => line.map((c) => c.count))).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect([map.min, map.max]).toEqual([40, 300]);
  });

  it("averages over the other parameters", () => {
    const map = heatmap(ROWS, objective, FAST, SLOW, { kind: "mean" });
    expect(map.cells.map((line) => line.map((c) => c.value))).toEqual([
      [200, 300],
      [75, 20],
    ]);
  });

  it("holds the other parameters at fixed values; missing runs leave empty cells", () => {
    const map = heatmap(ROWS, objective, FAST, SLOW, { kind: "fixed", values: { kind: "EMA" } });
    expect(map.cells.map((line) => line.map((c) => c.value))).toEqual([
      [300, null],
      [200, 40],
    ]);
    const minimised = heatmap(ROWS, parseObjective("max_drawdown", SPECS), FAST, SLOW, { kind: "best" });
    expect(minimised.cells[0].map((c) => c.value)).toEqual([50, 20]);
    expect(heatmap([], objective, FAST, SLOW, { kind: "best" }).min).toBeNaN();
  });
});
