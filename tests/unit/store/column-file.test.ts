import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticBars } from "../../../src/core/data/synthetic.ts";
import { MS_PER_DAY } from "../../../src/core/units.ts";
import { encodeColumns, openColumns, readRows, readTimes } from "../../../src/store/column-file.ts";
import type { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";
import { freshStore, reopen, textFile } from "./helpers.ts";

const FROM = Date.UTC(2024, 11, 30);
const TO = Date.UTC(2025, 0, 4); // across a year: two partitions

/** A store holding M1 bars of EURUSD from 30 Dec 2024 to 3 Jan 2025 (two yearly partitions), imported from CSV. */
async function storeWithBars(): Promise<{ store: MarketStore; root: string }> {
  const { store, root } = await freshStore();
  const bars = syntheticBars("EURUSD", FROM, TO, 3);
  const lines = Array.from(bars.time, (t, i) =>
    [
      new Date(t).toISOString(),
      bars.open[i],
      bars.high[i],
      bars.low[i],
      bars.close[i],
      bars.tickVolume[i],
      bars.spread[i],
    ].join(","),
  );
  await store.importFile(
    textFile("EURUSD_M1_walk.csv", ["time,open,high,low,close,tick_volume,spread", ...lines].join("\n")),
    {
      tz: "UTC",
    },
  );
  return { store, root };
}

const columnFiles = async (root: string) =>
  (await readdir(join(root, "data"), { recursive: true })).filter((f) => f.endsWith(".cols")).sort();

describe("column files beside the Parquet partitions", () => {
  it("hold a partition's rows exactly: written and read back, any range of them", async () => {
    const bars = syntheticBars("EURUSD", FROM, FROM + MS_PER_DAY, 1);
    const root = (await freshStore()).root;
    const host = await openNodeHost(root);
    await host.writeFile("t.cols", encodeColumns("bars", bars));
    const file = await host.openFile("t.cols");
    if (!file) throw new Error("written");
    const columns = await openColumns(file, "bars", "t.cols");
    expect(columns.rows).toBe(bars.length);
    expect(Array.from(await readTimes(columns))).toEqual(Array.from(bars.time));
    const out = syntheticBars("EURUSD", FROM, FROM + 11 * 60_000, 1); // 11 rows to overwrite from row 1
    await readRows(columns, 100, 110, out, 1);
    expect(Array.from(out.close.subarray(1, 11))).toEqual(Array.from(bars.close.subarray(100, 110)));
    expect(Array.from(out.spread.subarray(1, 11))).toEqual(Array.from(bars.spread.subarray(100, 110)));
    await file.close();
  });

  it("serve a read across two partitions with warm-up rows, the same rows as the generator's", async () => {
    const { store, root } = await storeWithBars();
    expect(await columnFiles(root)).toHaveLength(2);
    const from = Date.UTC(2025, 0, 2);
    const loaded = await store.bars("EURUSD", "M1", from, Date.UTC(2025, 0, 3), 2000);
    const all = syntheticBars("EURUSD", FROM, TO, 3);
    const first = all.time.indexOf(loaded.rows.time[0]);
    expect(loaded.startIndex).toBe(2000);
    expect(loaded.rows.time[2000]).toBe(all.time.find((t) => t >= from));
    expect(Array.from(loaded.rows.close)).toEqual(Array.from(all.close.subarray(first, first + loaded.rows.length)));
  });

  it("are written again from the Parquet file when missing or damaged (a cache from before them)", async () => {
    const { store, root } = await storeWithBars();
    const before = await store.bars("EURUSD", "M1", FROM, TO);
    const [first, second] = await columnFiles(root);
    await rm(join(root, "data", first));
    await writeFile(join(root, "data", second), "not a column file");
    const again = await reopen(root);
    const after = await again.bars("EURUSD", "M1", FROM, TO);
    expect(Array.from(after.rows.close)).toEqual(Array.from(before.rows.close));
    expect(Array.from(after.rows.time)).toEqual(Array.from(before.rows.time));
    expect(await columnFiles(root)).toEqual([first, second]);
  });

  it("go with their partition: a deleted dataset leaves none behind, an orphaned one is removed on open", async () => {
    const { store, root } = await storeWithBars();
    await writeFile(join(root, "data", "orphan.parquet.cols"), "left by a crash");
    await reopen(root);
    expect(await columnFiles(root)).toHaveLength(2);
    await store.remove("EURUSD/bars/M1/eurusd_m1_walk");
    expect(await columnFiles(root)).toEqual([]);
  });
});
