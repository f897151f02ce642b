import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import {
  appendEvents,
  evictOldEventLogs,
  getRun,
  MAX_EVENTS_PER_RUN,
  putRun,
  type RunRecord,
  readEvents,
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

/** A batch standing for `count` events: one marker event carrying the batch's first seq. */
const batch = (firstSeq: number) => JSON.stringify([{ type: "log_entry", seq: firstSeq, data: {} }]);

describe("the run history's event logs (IndexedDB)", () => {
  it("keep at most MAX_EVENTS_PER_RUN events per run, dropping whole batches from the oldest", async () => {
    await putRun(record("bounded", 1));
    const size = 60_000;
    for (let i = 0; i < 4; i++) await appendEvents("bounded", i * size, size, batch(i * size));
    expect((await getRun("bounded"))?.events_stored).toBe(3 * size);
    expect(3 * size).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
    expect((await readEvents("bounded")).map((e) => e.seq)).toEqual([size, 2 * size, 3 * size]);
  });

  it("evicting keeps the logs of the newest runs only; older runs keep their records", async () => {
    for (const [i, id] of ["old", "middle", "new"].entries()) {
      await putRun(record(id, 100 + i));
      await appendEvents(id, 0, 1, batch(0));
    }
    await evictOldEventLogs(2);
    expect(await readEvents("old")).toEqual([]);
    expect((await getRun("old"))?.events_stored).toBe(0);
    expect(await readEvents("middle")).toHaveLength(1);
    expect(await readEvents("new")).toHaveLength(1);
  });
});
