import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import { packEvents } from "../../../src/core/protocol/event-batch.ts";
import {
  appendEvents,
  evictOldEventLogs,
  getRun,
  MAX_EVENTS_PER_RUN,
  putRun,
  type RunRecord,
  readEvents,
  runsDb,
} from "../../../src/store/runs.ts";

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
