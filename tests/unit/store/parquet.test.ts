import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TICK_FLAGS } from "../../../src/core/data/types.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import { openNodeDuckDB } from "../../../src/store/duckdb/node.ts";
import { bytesSource } from "../../../src/store/import/source.ts";
import type { MarketStore } from "../../../src/store/market-store.ts";
import { freshStore, snapshot } from "./helpers.ts";

/** Writes `select` as a Parquet file with DuckDB and returns it as an import source. */
async function parquetFile(name: string, select: string) {
  const dir = await mkdtemp(join(tmpdir(), "pipscope-parquet-"));
  const sql = await openNodeDuckDB(dir);
  const path = join(dir, name);
  sql.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  return bytesSource(new Uint8Array(await readFile(path)), name);
}

async function failure(work: Promise<unknown>): Promise<PipscopeError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PipscopeError) return error;
    throw error;
  }
  throw new Error("expected a PipscopeError");
}

describe("importing Parquet", () => {
  let store: MarketStore;
  let root: string;

  beforeAll(async () => {
    ({ store, root } = await freshStore());
  });

  it("reads bars with TIMESTAMP times as wall-clock times of the zone given", async () => {
    const file = await parquetFile(
      "EURUSD_M1.parquet",
      `SELECT * FROM (VALUES
         (TIMESTAMP '2025-06-23 10:00:00', 1.1, 1.2, 1.0, 1.15, 12),
         (TIMESTAMP '2025-06-23 10:01:00', 1.15, 1.16, 1.14, 1.155, 7))
       AS t("Time", "Open", "High", "Low", "Close", "Tick Volume")`,
    );
    const result = await store.importFile(file, { tz: "+02:00" });
    expect(result).toMatchObject({
      status: "imported",
      format: "parquet",
      description: "Parquet (bars: Time, Open, High, Low, Close, Tick Volume; times as TIMESTAMP)",
      timezone: "+02:00",
      rowsStored: 2,
      dataset: { id: "EURUSD/bars/M1/eurusd_m1", rows: 2 },
    });
    const loaded = await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 23), Date.UTC(2025, 5, 24));
    expect(Array.from(loaded.rows.time)).toEqual([Date.UTC(2025, 5, 23, 8, 0), Date.UTC(2025, 5, 23, 8, 1)]);
    expect(Array.from(loaded.rows.close)).toEqual([1.15, 1.155]);
    expect(Array.from(loaded.rows.tickVolume)).toEqual([12, 7]);
    expect(Array.from(loaded.rows.spread)).toEqual([0, 0]);
  });

  it("reads ticks with epoch-ms times as UTC without a zone, and derives MT5 flags", async () => {
    const t0 = Date.UTC(2025, 5, 24, 9, 0, 0, 250);
    const file = await parquetFile(
      "GBPUSD_ticks.parquet",
      `SELECT * FROM (VALUES (${t0}::BIGINT, 1.27, 1.2701), (${t0 + 500}::BIGINT, 1.2702, 1.2701))
       AS t(timestamp, bid, ask)`,
    );
    const result = await store.importFile(file);
    expect(result).toMatchObject({ format: "parquet", dataset: { id: "GBPUSD/ticks/tick/gbpusd_ticks", rows: 2 } });
    const loaded = await store.ticks("GBPUSD", t0, t0 + 1000);
    expect(Array.from(loaded.rows.time)).toEqual([t0, t0 + 500]);
    expect(Array.from(loaded.rows.bid)).toEqual([1.27, 1.2702]);
    expect(Array.from(loaded.rows.flags)).toEqual([TICK_FLAGS.bid | TICK_FLAGS.ask, TICK_FLAGS.bid]);
  });

  it("reads epoch seconds as seconds", async () => {
    const file = await parquetFile(
      "USDJPY_M1.parquet",
      `SELECT * FROM (VALUES (${Date.UTC(2025, 5, 25, 12) / 1000}, 145.1, 145.2, 145.0, 145.15)) AS t(time, o, h, l, c)`,
    );
    await store.importFile(file);
    const loaded = await store.bars("USDJPY", "M1", Date.UTC(2025, 5, 25), Date.UTC(2025, 5, 26));
    expect(Array.from(loaded.rows.time)).toEqual([Date.UTC(2025, 5, 25, 12)]);
  });

  describe("bad Parquet leaves the cache as it was", () => {
    const cases: Array<[string, string, string, string, Record<string, unknown>?]> = [
      [
        "times held as text",
        "EURUSD_text.parquet",
        "SELECT '2025-06-26 10:00' AS time, 1.1 AS open, 1.2 AS high, 1.0 AS low, 1.1 AS close",
        "DATA_PARQUET_TIME_TYPE",
      ],
      [
        "no close column",
        "EURUSD_noclose.parquet",
        "SELECT TIMESTAMP '2025-06-26 10:00:00' AS time, 1.1 AS open, 1.2 AS high, 1.0 AS low, 1.1 AS bid",
        "DATA_UNKNOWN_FORMAT",
      ],
      [
        "a row without a time",
        "EURUSD_null.parquet",
        "SELECT * FROM (VALUES (1750932000000::BIGINT, 1.1, 1.2, 1.0, 1.1), (NULL, 1.1, 1.2, 1.0, 1.1)) AS t(time, open, high, low, close)",
        "DATA_BAD_DATE",
      ],
      [
        "wall-clock times and no zone",
        "EURUSD_nozone.parquet",
        "SELECT TIMESTAMP '2025-06-26 10:00:00' AS time, 1.1 AS open, 1.2 AS high, 1.0 AS low, 1.1 AS close",
        "DATA_TIMEZONE_REQUIRED",
      ],
      [
        "a text format asked for",
        "EURUSD_fmt.parquet",
        "SELECT 1750932000000::BIGINT AS time, 1.1 AS open, 1.2 AS high, 1.0 AS low, 1.1 AS close",
        "DATA_FORMAT_MISMATCH",
        { format: "mt5-bars" },
      ],
    ];
    for (const [name, file, select, code, options] of cases) {
      it(`rejects ${name} with ${code}`, async () => {
        const before = await snapshot(root);
        const error = await failure(store.importFile(await parquetFile(file, select), options));
        expect(error.code).toBe(code);
        expect(error.where?.file).toBe(file);
        expect(await snapshot(root)).toEqual(before);
      });
    }

    it("names the row without a time", async () => {
      const file = await parquetFile("EURUSD_null2.parquet", cases[2][2]);
      const error = await failure(store.importFile(file));
      expect(error.message).toBe("row 2 has no time");
      expect(error.where).toEqual({ file: "EURUSD_null2.parquet", line: 2, field: "time" });
    });

    it("refuses a damaged Parquet file with DATA_BAD_PARQUET", async () => {
      const good = await parquetFile("EURUSD_cut.parquet", cases[2][2]);
      const bytes = await good.read(0, good.size);
      const cut = new Uint8Array(bytes.length - 20);
      cut.set(bytes.subarray(0, 4)); // keep the PAR1 magic, lose the footer
      const error = await failure(store.importFile(bytesSource(cut, "EURUSD_cut.parquet")));
      expect(error.code).toBe("DATA_BAD_PARQUET");
    });
  });
});
