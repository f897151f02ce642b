import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { threadPoolHost } from "../../../src/cli/sweep-threads.ts";
import { shareRunData, startSweep } from "../../../src/core/engine/sweep/index.ts";
import { type SweepRequest, sweepData } from "../../../src/core/run/index.ts";
import { configText, openTestRun } from "../engine/sweep/fixtures.ts";

async function job(request: SweepRequest & { config: string }) {
  const run = await openTestRun(request.config);
  const plan = run.sweep(request);
  const data = shareRunData(sweepData(await run.prepare("sweep")));
  return {
    config: plan.config,
    instrument: plan.run.instrument,
    data,
    combinations: plan.combinations.combinations,
    method: plan.method,
    methodReason: plan.methodReason,
  };
}

const exited = (worker: Worker) => new Promise<number>((resolve) => worker.once("exit", resolve));

describe("the worker_threads sweep pool", () => {
  it("runs a sweep on 2 threads over one shared copy of the data", { timeout: 60_000 }, async () => {
    const workers: Worker[] = [];
    const sweep = await job({
      config: configText({ id: "ma_cross", parameters: {} }, { days: 30 }),
      params: ["fast=3:9:3", "slow=20:60:20"],
      constraints: [],
      objective: "sharpe",
      search: { kind: "grid" },
    });
    const outcome = await startSweep(
      sweep,
      threadPoolHost(2, (w) => workers.push(w)),
    ).done;
    expect(outcome).toMatchObject({ status: "complete", method: "vectorised", workers: 2, sharing: "shared" });
    expect(outcome.parity?.agree).toBe(true);
    expect(outcome.rows).toHaveLength(9);
    expect(workers).toHaveLength(2);
  });

  it("a cancelled sweep stops its threads and keeps the rows finished so far", { timeout: 60_000 }, async () => {
    const workers: Worker[] = [];
    // rsi_reversion runs in the engine: slow enough to cancel mid-way.
    const sweep = await job({
      config: configText({ id: "rsi_reversion", parameters: {} }, { days: 60 }),
      params: ["period=2:200:1"],
      constraints: [],
      objective: "net_profit",
      search: { kind: "grid" },
    });
    const host = threadPoolHost(2, (w) => workers.push(w));
    let handle: ReturnType<typeof startSweep> | undefined;
    handle = startSweep(sweep, host, {
      onResult: (_, progress) => {
        if (progress.done === 3) handle?.cancel();
      },
    });
    const exits = workers.map(exited);
    const outcome = await handle.done;
    expect(outcome.status).toBe("cancelled");
    expect(outcome.rows.length).toBeGreaterThanOrEqual(3);
    expect(outcome.rows.length).toBeLessThan(199);
    // Both threads end (terminated: exit code 1) instead of running the remaining combinations.
    expect(await Promise.all(exits)).toEqual([1, 1]);
  });
});
