import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { planRun } from "../../../src/core/run/index.ts";
import { EURUSD } from "../engine/fixtures.ts";

const base = {
  session_name: "t",
  mode: "backtest",
  backtest_config: { start_date: "2024-01-02", end_date: "2024-01-03" },
  session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"] },
  strategy: { id: "ma_cross" },
  variant: "spiced",
};
const plan = (router: unknown) =>
  planRun(loadSessionConfig(JSON.stringify({ ...base, router }), "t.json"), () => EURUSD);
const bot = (id: string, parameters = {}) => ({ id, strategy: { id: "ma_cross", parameters }, manifest: { name: id } });

describe("the session config's router field", () => {
  it("plans inline bots (parameters filled) and the commander's options", () => {
    const { router } = plan({ bots: [bot("a"), bot("b", { fast: 5 })], max_bidders: 1, max_portfolio_risk_pct: 3 });
    expect(router?.bots?.map((b) => [b.id, b.strategy.parameters.fast, b.manifest.max_risk_per_trade_pct])).toEqual([
      ["a", 10, 1],
      ["b", 5, 1],
    ]);
    expect(router?.options).toEqual({ maxBidders: 1, governor: { maxPortfolioRisk: 0.03 }, assumedStopAtr: 2 });
    expect(router?.botsFile).toBeUndefined();
  });

  it("keeps a bots file for the host to read, and is absent when the config has none", () => {
    expect(plan({ bots_file: "bots/" }).router).toMatchObject({ botsFile: "bots/", bots: undefined });
    expect(() => plan({ bots_file: "bots/", bots: [bot("a")] })).toThrow(
      expect.objectContaining({ message: "$.router: give router.bots or router.bots_file, not both" }),
    );
    expect(plan(undefined).router).toBeUndefined();
  });

  it("names the JSON path of a bad bot, a bad parameter and a duplicate id", () => {
    const bad = { ...bot("a"), manifest: { name: "a", sessions: ["TOKYO"] } };
    expect(() => plan({ bots: [bad] })).toThrow(
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: expect.stringContaining('$.router.bots[0].manifest.sessions[0]: expected one of "SYDNEY"'),
      }),
    );
    expect(() => plan({ bots: [bot("a", { fast: 0 })] })).toThrow(
      expect.objectContaining({
        code: "BOT_INVALID",
        where: expect.objectContaining({ path: "$.router.bots[0].strategy.parameters.fast" }),
      }),
    );
    expect(() => plan({ bots: [bot("a"), bot("a")] })).toThrow(
      expect.objectContaining({ code: "BOT_DUPLICATE", message: "$.router.bots[1].id: bot id 'a' appears twice" }),
    );
    expect(() => plan({ bots: [], max_bidders: 0 })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
