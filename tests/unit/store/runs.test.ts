import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { describe, expect, it, vi } from "vitest";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import { packEvents } from "../../../src/core/protocol/event-batch.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import {
  appendEvents,
  completeRun,
  deleteRun,
  evictOldEventLogs,
  getResult,
  getRun,
  listRuns,
  MAX_EVENTS_PER_RUN,
  putRun,
  type RunRecord,
  readEvents,
  runsDb,
} from "../../../src/store/runs.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { run } from "../engine/fixtures.ts";

const record = (id: string, created_at: number): RunRecord => ({
  backtest_id: id,
  name: id,
  created_at,
  status: "complete",
  symbol: "EURUSD",
  timeframe: "H1",
  strategy: "ma_cross",
  variant: "vanilla",
  config: "{}",
  events_stored: 0,
});

/** A packed batch of `count` events from `firstSeq`. */
const batch = (firstSeq: number, count: number) =>
  packEvents(
    Array.from(
      { length: count },
      (_, k) => ({ type: "backtest_progress", seq: firstSeq + k, data: {} }) as BacktestEvent,
    ),
  );

describe("the run history's event logs (IndexedDB)", () => {
  it("keep at most MAX_EVENTS_PER_RUN events per run, dropping whole batches from the oldest", async () => {
    await putRun(record("bounded", 1));
    const size = 60_000;
    for (let i = 0; i < 4; i++) await appendEvents("bounded", batch(i * size, size));
    expect((await getRun("bounded"))?.events_stored).toBe(3 * size);
    expect(3 * size).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
    const kept = await readEvents("bounded");
    expect(kept).toHaveLength(3 * size);
    expect(kept.every((e, k) => e.seq === size + k)).toBe(true);
  });

  it("evicting keeps the logs of the newest runs only; older runs keep their records", async () => {
    for (const [i, id] of ["old", "middle", "new"].entries()) {
      await putRun(record(id, 100 + i));
      await appendEvents(id, batch(0, 1));
    }
    await evictOldEventLogs(2);
    expect(await readEvents("old")).toEqual([]);
    expect((await getRun("old"))?.events_stored).toBe(0);
    expect(await readEvents("middle")).toHaveLength(1);
    expect(await readEvents("new")).toHaveLength(1);
  });

  it("read the JSON text batches that earlier versions stored, beside packed ones", async () => {
    await putRun(record("upgraded", 200));
    const old = [{ type: "log_entry", seq: 0, data: { message: "before the update" } }];
    await (await runsDb()).put("events", {
      backtest_id: "upgraded",
      first_seq: 0,
      count: 1,
      json: JSON.stringify(old),
    });
    await appendEvents("upgraded", batch(1, 2));
    expect((await readEvents("upgraded")).map((e) => e.seq)).toEqual([0, 1, 2]);
    expect((await readEvents("upgraded"))[0]).toEqual(old[0]);
  });
});

describe("the run history's results (issue 17: complete means stored)", () => {
  async function someResult() {
    const { result } = await run(randomWalkBars(20_000), createStrategy("ma_cross", { fast: 5, slow: 20 }).instance, {
      sizing: { mode: "fixed", lots: 0.1 },
    });
    return result;
  }

  it("stores a result, its summary and the last batch in one go, and gives the result back whole", async () => {
    const result = await someResult();
    expect(result.trades.length).toBeGreaterThan(500);
    await putRun({ ...record("done", 300), status: "running" });
    await appendEvents("done", batch(0, 3));
    await completeRun({ ...record("done", 300), status: "running" }, result, batch(3, 2));
    const stored = await getRun("done");
    expect(stored).toMatchObject({
      status: "complete",
      events_stored: 5,
      summary: { trades: result.metrics.trades, net_profit: result.metrics.net_profit, currency: "USD" },
    });
    expect(stored).not.toHaveProperty("result");
    expect(await getResult("done")).toEqual(result);
    expect((await readEvents("done")).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect((await listRuns()).find((r) => r.backtest_id === "done")).not.toHaveProperty("result");
    await deleteRun("done");
    expect(await getResult("done")).toBeUndefined();
  });

  it("moves the results a version-1 history kept inside its records out of them on upgrade", async () => {
    const result = await someResult();
    vi.resetModules();
    globalThis.indexedDB = new IDBFactory();
    const v1 = await openDB("pipscope-runs", 1, {
      upgrade(db) {
        db.createObjectStore("runs", { keyPath: "backtest_id" }).createIndex("by_created", "created_at");
        db.createObjectStore("events", { keyPath: ["backtest_id", "first_seq"] }).createIndex("by_run", "backtest_id");
      },
    });
    await v1.put("runs", { ...record("old", 1), result });
    await v1.put("runs", { ...record("failed", 2), status: "error", error: "boom" });
    v1.close();
    const upgraded = await import("../../../src/store/runs.ts");
    const runs = await upgraded.listRuns();
    expect(runs.map((r) => [r.backtest_id, r.status, r.summary?.trades])).toEqual([
      ["failed", "error", undefined],
      ["old", "complete", result.metrics.trades],
    ]);
    expect(runs.every((r) => !("result" in r))).toBe(true);
    expect(await upgraded.getResult("old")).toEqual(result);
  });
});
