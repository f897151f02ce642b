import { describe, expect, it } from "vitest";
import { DEFAULT_GOVERNOR, describeRisk, governRisk, trailingEdge } from "../../../src/core/router/governor.ts";

const repeat = (value: number, times: number) => Array<number>(times).fill(value);
// 18 wins of 150 and 12 losses of 100, interleaved.
const record = Array.from({ length: 30 }, (_, i) => (i % 5 < 3 ? 150 : -100));
const loose = { ...DEFAULT_GOVERNOR, maxRiskPerTrade: 1, maxPortfolioRisk: 1 };

describe("risk governor", () => {
  it("sizes a bot with no record from the prior: quarter of Kelly 8.33%, capped at 1% per trade", () => {
    const decision = governRisk([], 0);
    expect(decision).toMatchObject({ trades: 0, winRate: 0.5, payoff: 1.2, risk: 0.01, limit: "risk_cap" });
    expect(decision.kelly).toBeCloseTo(0.5 - 0.5 / 1.2, 12);
    expect(describeRisk(decision)).toBe("risk 1.00% (Kelly 8.33% × 0.25 = 2.08%, capped at 1.00% per trade)");
  });

  it("shrinks the observed record toward the prior, by hand", () => {
    // W = (18 + 20 × 0.5) / (30 + 20) = 0.56; R = (12 × 1.5 + 20 × 1.2) / (12 + 20) = 1.3125;
    // Kelly = 0.56 − 0.44 / 1.3125 = 0.2247619; a quarter of it = 0.0561905.
    const decision = governRisk(record, 0, loose);
    expect(decision.trades).toBe(30);
    expect(decision.winRate).toBeCloseTo(0.56, 12);
    expect(decision.payoff).toBeCloseTo(1.3125, 12);
    expect(decision.kelly).toBeCloseTo(0.2247619048, 9);
    expect(decision.risk).toBeCloseTo(0.0561904762, 9);
    expect(decision.limit).toBe("kelly");
    expect(describeRisk(decision, loose)).toBe("risk 5.62% (Kelly 22.48% × 0.25)");
  });

  it("counts only the trailing window", () => {
    // 30 old losses, then the record: the last 50 hold 20 losses + 18 wins + 12 losses.
    // W = (18 + 10) / 70 = 0.4; R = (18 × 1.5 + 24) / 38 = 1.3421; Kelly = 0.4 − 0.6 / 1.3421 = −0.0471.
    const history = [...repeat(-100, 30), ...record];
    const decision = governRisk(history, 0);
    expect(decision.trades).toBe(50);
    expect(decision.kelly).toBeCloseTo(0.4 - 0.6 / (51 / 38), 12);
    expect(decision).toMatchObject({ risk: 0, limit: "no_edge" });
    expect(describeRisk(decision)).toBe("no edge (Kelly -4.71%, win rate 40.00%, payoff 1.34)");
    expect(governRisk(history, 0, { ...loose, window: 30 }).risk).toBeCloseTo(0.0561904762, 9);
  });

  it("keeps the prior payoff until there is both a win and a loss, and ignores scratch trades", () => {
    const edge = trailingEdge([...repeat(100, 5), 0, 0]);
    // W = (5 + 10) / 25 = 0.6, R = 1.2 (no loss yet), Kelly = 0.6 − 0.4 / 1.2.
    expect(edge).toMatchObject({ trades: 5, winRate: 0.6, payoff: 1.2 });
    expect(edge.kelly).toBeCloseTo(0.6 - 0.4 / 1.2, 12);
  });

  it("gives only what the portfolio exposure cap leaves", () => {
    const nearly = governRisk([], 0.045);
    expect(nearly.risk).toBeCloseTo(0.005, 12);
    expect(nearly.limit).toBe("exposure_cap");
    expect(describeRisk(nearly)).toBe("risk 0.50% (what the portfolio cap of 5.00% leaves)");
    expect(governRisk([], 0.06)).toMatchObject({ risk: 0, limit: "exposure_cap" });
  });
});
