import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../../src/core/router/breaker.ts";

const T = Date.UTC(2024, 0, 2, 10);
const MIN = 60_000;
const rule = { max_daily_loss_pct: 3, max_consecutive_losses: 3, cooldown_minutes: 60 };

describe("circuit breaker", () => {
  it("stops after the losing streak for the cool-down, then starts the streak afresh", () => {
    const breaker = new CircuitBreaker(rule, 10_000);
    breaker.recordTrade(-50, T);
    breaker.recordTrade(0, T); // a scratch trade neither extends nor breaks the streak
    breaker.recordTrade(-50, T);
    expect(breaker.reasonAt(T)).toBeUndefined();
    breaker.recordTrade(-50, T + MIN);
    expect(breaker.state(T + 30 * MIN)).toEqual({
      reason: "breaker: 3 consecutive losses",
      until: T + 61 * MIN,
      consecutiveLosses: 3,
      dayLossPct: 1.5,
    });
    expect(breaker.reasonAt(T + 61 * MIN)).toBeUndefined();
    expect(breaker.state(T + 61 * MIN).consecutiveLosses).toBe(0);
  });

  it("a win breaks the streak", () => {
    const breaker = new CircuitBreaker(rule, 10_000);
    for (const pnl of [-10, -10, 5, -10, -10]) breaker.recordTrade(pnl, T);
    expect(breaker.reasonAt(T)).toBeUndefined();
  });

  it("stops at the daily loss limit until the next FX day", () => {
    const breaker = new CircuitBreaker(rule, 10_000);
    breaker.recordTrade(200, T);
    breaker.recordTrade(-450, T); // day: −250 of 10,000 = 2.5%
    expect(breaker.reasonAt(T)).toBeUndefined();
    breaker.recordTrade(-100, T); // −350 = 3.5%
    expect(breaker.reasonAt(T + 1000 * MIN)).toBe("breaker: daily loss 3.50% (max 3%)");
    breaker.newDay(9650);
    expect(breaker.state(T + 1001 * MIN)).toEqual({
      reason: "",
      until: Number.NEGATIVE_INFINITY,
      consecutiveLosses: 0,
      dayLossPct: 0,
    });
  });
});
