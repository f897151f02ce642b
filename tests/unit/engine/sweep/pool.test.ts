import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../../src/core/config/index.ts";
import { rankRows, shareRunData, startSweep } from "../../../../src/core/engine/sweep/index.ts";
import { configWithParams, type SweepRequest, sweepData } from "../../../../src/core/run/index.ts";
import { recordingHost } from "../fixtures.ts";
import { configText, inProcessHost, openTestRun, walkMarket } from "./fixtures.ts";

type Case = SweepRequest & { config: string };

const request = (overrides: Partial<Case> = {}): Case => ({
  config: configText({ id: "ma_cross", parameters: { fast: 10, slow: 30 } }, { days: 20 }),
  params: ["fast=4:12:4", "slow=20:40:10"],
  constraints: [],
  objective: "net_profit",
  search: { kind: "grid" },
  ...overrides,
});

async function sweep(req: Case, workers = 2) {
  const market = walkMarket();
  const run = await openTestRun(req.config, market);
  const plan = run.sweep(req);
  const data = shareRunData(sweepData(await run.prepare("sweep")));
  const host = inProcessHost(workers);
  const handle = startSweep(
    {
      config: plan.config,
      instrument: plan.run.instrument,
      data,
      combinations: plan.combinations.combinations,
      method: plan.method,
      methodReason: plan.methodReason,
    },
    host,
  );
  return { plan, market, host, handle, outcome: await handle.done };
}

/** `config` with the strategy's parameters replaced, run alone through the engine as `pipscope backtest` does. */
async function runAlone(config: string, params: Record<string, number | string | boolean>) {
  const alone = JSON.stringify(configWithParams(loadSessionConfig(config), params));
  const run = await openTestRun(alone, walkMarket(), "alone.json");
  return run.run(await run.prepare("alone"), recordingHost());
}

describe("a sweep on the pool", () => {
  it("runs every combination vectorised after the probe agrees with the engine, data loaded once", async () => {
    const { outcome, market, host } = await sweep(request());
    expect(outcome.status).toBe("complete");
    expect(outcome.method).toBe("vectorised");
    expect(outcome.parity?.agree).toBe(true);
    expect(outcome.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(outcome.rows.every((r) => r.metrics !== null)).toBe(true);
    expect(outcome.sharing).toBe("shared");
    expect(market.calls).toBe(1);
    expect(host.log.spawned).toBe(2);
    expect(host.log.terminated).toEqual(new Set([0, 1]));
  });

  it("the best combination re-run alone through the engine gives the same metric", async () => {
    for (const objective of ["net_profit", "sharpe"]) {
      const req = request({ objective });
      const { outcome, plan } = await sweep(req);
      const [best] = rankRows(outcome.rows, plan.objective, 1);
      const alone = await runAlone(req.config, best.row.params);
      expect(alone.metrics[objective as "net_profit" | "sharpe"]).toBeCloseTo(best.value, 9);
      expect(alone.metrics.trades).toBe(best.row.metrics?.trades);
    }
  });
});
