import { describe, expect, it } from "vitest";
import type { TickColumns } from "../../../src/core/data/types.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import { freshStore, reopen } from "./helpers.ts";

const T0 = Date.UTC(2024, 2, 12, 10);

function ticks(times: number[], bid = 1.1): TickColumns {
  const n = times.length;
  return {
    length: n,
    time: Float64Array.from(times),
    bid: new Float64Array(n).fill(bid),
    ask: new Float64Array(n).fill(bid + 0.0001),
    last: new Float64Array(n).fill(Number.NaN),
    volume: new Float64Array(n),
    flags: new Int32Array(n).fill(6),
  };
}

describe("appendTicks", () => {
  it("stores batches that survive a restart and skips ticks older than the cache", async () => {
    const { store, root } = await freshStore();
    expect(await store.appendTicks("eurusd", ticks([T0, T0 + 100, T0 + 100]))).toEqual({
      appended: 3,
      skipped: 0,
      rows: 3,
    });
    expect(await store.appendTicks("EURUSD", ticks([T0 + 50, T0 + 100, T0 + 200]))).toEqual({
      appended: 2,
      skipped: 1,
      rows: 5,
    });
    const after = await reopen(root);
    const { rows } = await after.ticks("EURUSD", T0, T0 + 1000);
    expect(Array.from(rows.time)).toEqual([T0, T0 + 100, T0 + 100, T0 + 100, T0 + 200]);
    const dataset = after.dataset("EURUSD/ticks/tick/recording");
    expect(dataset.sources.map((s) => [s.file, s.rowsStored, s.outOfOrder])).toEqual([["relay recording", 5, 1]]);
    expect(dataset.synthetic).toBe(false);
  });

  it("issue 14: keeps ticks recorded from the synthetic relay apart, labelled synthetic", async () => {
    const { store } = await freshStore();
    await store.appendTicks("EURUSD", ticks([T0, T0 + 100]));
    await store.appendTicks("EURUSD", ticks([T0 + 200]), { label: "relay recording (synthetic)", synthetic: true });
    expect(store.list().map((d) => [d.id, d.rows, d.synthetic])).toEqual([
      ["EURUSD/ticks/tick/recording", 2, false],
      ["EURUSD/ticks/tick/recording-synthetic", 1, true],
    ]);
  });

  it("compacts many small recorded files into one and keeps every tick", async () => {
    const { store } = await freshStore();
    for (let batch = 0; batch < 17; batch++)
      await store.appendTicks("GBPUSD", ticks([T0 + batch * 1000, T0 + batch * 1000 + 1]));
    const dataset = store.dataset("GBPUSD/ticks/tick/recording");
    expect(dataset.rows).toBe(34);
    expect(dataset.partitions.length).toBe(2);
    const { rows } = await store.ticks("GBPUSD", T0, T0 + 20_000);
    expect(rows.length).toBe(34);
    // Quality is analysed again when files are compacted (after the 16th batch), not per batch.
    expect(dataset.quality.rowsStored).toBe(32);
  });

  it("rejects a batch with an invalid price, naming the tick", async () => {
    const { store } = await freshStore();
    const bad = ticks([T0, T0 + 1]);
    bad.ask[1] = Number.NaN;
    await expect(store.appendTicks("EURUSD", bad)).rejects.toThrow(PipscopeError);
    await expect(store.appendTicks("EURUSD", bad)).rejects.toMatchObject({
      code: "DATA_BAD_TICKS",
      where: { field: "ask", path: "$[1].ask" },
    });
    expect(store.list()).toEqual([]);
  });
});
