import { beforeAll, describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { bytesSource } from "../../../src/store/import/source.ts";
import type { MarketStore } from "../../../src/store/market-store.ts";
import { freshStore, MT5_BARS_HEADER, mt5Bar, reopen, snapshot, textFile, utf16File } from "./helpers.ts";

async function failure(work: Promise<unknown>): Promise<PipscopeError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PipscopeError) return error;
    throw error;
  }
  throw new Error("expected a PipscopeError");
}

/** Four M1 bars from 2025.06.23 00:00 server time (UTC+3 in June: 2025-06-22 21:00 UTC). */
const BARS = [
  mt5Bar("2025.06.23", "00:00:00", 1.148, 1.1485, 1.1479, 1.1483, 120, 5),
  mt5Bar("2025.06.23", "00:01:00", 1.1483, 1.1486, 1.1482, 1.1484, 98, 6),
  mt5Bar("2025.06.23", "00:02:00", 1.1484, 1.14845, 1.148, 1.1481, 77, 5),
  mt5Bar("2025.06.23", "00:03:00", 1.1481, 1.1483, 1.1479, 1.1482, 60, 7),
];

describe("importing", () => {
  let store: MarketStore;
  let root: string;

  beforeAll(async () => {
    ({ store, root } = await freshStore());
  });

  it("reads an MT5 Bars export in UTF-16LE with BOM and CRLF, times from mt5-server to UTC", async () => {
    const file = utf16File("EURUSD_M1_2025.csv", `${[MT5_BARS_HEADER, ...BARS].join("\r\n")}\r\n`);
    const result = await store.importFile(file, { tz: "mt5-server" });
    expect(result).toMatchObject({
      status: "imported",
      format: "mt5-bars",
      description: "MT5 Bars export (tab-separated, with header)",
      timezone: "mt5-server",
      rowsRead: 4,
      rowsStored: 4,
    });
    expect(result.dataset).toMatchObject({
      id: "EURUSD/bars/M1/eurusd_m1_2025",
      name: "eurusd_m1_2025",
      synthetic: false,
      rows: 4,
      first: Date.UTC(2025, 5, 22, 21),
      quality: 100,
    });
    const loaded = await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 22), Date.UTC(2025, 5, 24));
    expect(Array.from(loaded.rows.time)).toEqual([0, 1, 2, 3].map((m) => Date.UTC(2025, 5, 22, 21, m)));
    expect(Array.from(loaded.rows.close)).toEqual([1.1483, 1.1484, 1.1481, 1.1482]);
    expect(Array.from(loaded.rows.spread)).toEqual([5, 6, 5, 7]);
    expect(Array.from(loaded.rows.tickVolume)).toEqual([120, 98, 77, 60]);
  });

  it("keeps the dataset after a restart", async () => {
    const again = await reopen(root);
    expect(again.list().map((d) => [d.id, d.rows])).toEqual([["EURUSD/bars/M1/eurusd_m1_2025", 4]]);
    expect(again.firstStart).toBe(false);
  });

  it("refuses the same file twice with a replace/skip choice, and honours both", async () => {
    const file = utf16File("copy-of-EURUSD_M1_2025.csv", `${[MT5_BARS_HEADER, ...BARS].join("\r\n")}\r\n`);
    const error = await failure(store.importFile(file, { tz: "mt5-server" }));
    expect(error.code).toBe("DATA_ALREADY_IMPORTED");
    expect(error.message).toContain("replace");
    expect(error.message).toContain("skip");
    expect((await store.importFile(file, { tz: "mt5-server", onDuplicate: "skip" })).status).toBe("skipped");
    const replaced = await store.importFile(file, { tz: "mt5-server", onDuplicate: "replace" });
    expect(replaced.dataset.rows).toBe(4);
    expect(store.dataset("EURUSD/bars/M1/eurusd_m1_2025").sources).toHaveLength(1);
  });

  it("issue 14: keeps another file in a dataset of its own, and a read says which it took and what else there was", async () => {
    // One more minute from another export: by default it never merges into the first file's data.
    const other = [mt5Bar("2025.06.23", "00:05:00", 1.3, 1.31, 1.29, 1.3)];
    const result = await store.importFile(textFile("EURUSD_M1_other.txt", `${other.join("\n")}\n`), {
      tz: "mt5-server",
    });
    expect(result.dataset).toMatchObject({ id: "EURUSD/bars/M1/eurusd_m1_other", rows: 1 });
    expect(store.dataset("EURUSD/bars/M1/eurusd_m1_2025").rows).toBe(4);
    // The read covering the four minutes takes the file that holds them, and names the other.
    const loaded = await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 22, 21), Date.UTC(2025, 5, 22, 21, 4));
    expect(loaded.origin).toMatchObject({
      dataset: "EURUSD/bars/M1/eurusd_m1_2025",
      sources: ["copy-of-EURUSD_M1_2025.csv"],
      synthetic: false,
      alternatives: ["eurusd_m1_other"],
    });
    // Named, the other is read, even where it covers less.
    const named = await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 22), Date.UTC(2025, 5, 24), 0, "eurusd_m1_other");
    expect(Array.from(named.rows.close)).toEqual([1.3]);
    await store.remove("EURUSD/bars/M1/eurusd_m1_other");
  });

  it("adds a later file to a dataset the user names, replacing rows in the overlapping range", async () => {
    const later = [
      mt5Bar("2025.06.23", "00:03:00", 1.2, 1.21, 1.19, 1.205), // overlaps the last cached minute
      mt5Bar("2025.06.23", "00:04:00", 1.205, 1.21, 1.2, 1.2),
    ];
    await store.importFile(textFile("EURUSD_M1_b.txt", `${later.join("\n")}\n`), {
      tz: "mt5-server",
      dataset: "eurusd_m1_2025",
    });
    const loaded = await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 22), Date.UTC(2025, 5, 24));
    expect(Array.from(loaded.rows.close)).toEqual([1.1483, 1.1484, 1.1481, 1.205, 1.2]);
    const merged = store.dataset("EURUSD/bars/M1/eurusd_m1_2025");
    expect(merged).toMatchObject({ rows: 5, last: Date.UTC(2025, 5, 22, 21, 4) });
    // The choice is recorded with the file it added.
    expect(merged.sources.map((s) => [s.file, s.joinedByUser])).toEqual([
      ["copy-of-EURUSD_M1_2025.csv", false],
      ["EURUSD_M1_b.txt", true],
    ]);
  });

  it("reads MT5 ticks with empty fields carried forward", async () => {
    const text = [
      "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>",
      "2025.01.02\t10:00:00.120\t1.03501\t1.03511\t\t\t6",
      "2025.01.02\t10:00:00.480\t\t1.03512\t\t\t4",
      "2025.01.02\t10:00:01.007\t1.03499\t\t\t\t2",
    ].join("\n");
    const result = await store.importFile(textFile("EURUSD_ticks.csv", text), { tz: "+02:00" });
    expect(result.dataset.id).toBe("EURUSD/ticks/tick/eurusd_ticks");
    const { rows } = await store.ticks("EURUSD", Date.UTC(2025, 0, 2), Date.UTC(2025, 0, 3));
    expect(Array.from(rows.time)).toEqual([120, 480, 1007].map((ms) => Date.UTC(2025, 0, 2, 8, 0, 0, ms)));
    expect(Array.from(rows.bid)).toEqual([1.03501, 1.03501, 1.03499]);
    expect(Array.from(rows.ask)).toEqual([1.03511, 1.03512, 1.03512]);
    expect(Array.from(rows.flags)).toEqual([6, 4, 2]);
  });

  it("takes HistData's fixed UTC−5 without being told, and the symbol from the file name", async () => {
    const text =
      "20170102 020000;1.051550;1.051970;1.051550;1.051900;0\n20170102 020100;1.051900;1.052000;1.051800;1.051850;0\n";
    const result = await store.importFile(textFile("DAT_ASCII_GBPUSD_M1_2017.csv", text));
    expect(result).toMatchObject({ format: "histdata-m1", timezone: "-05:00" });
    expect(result.dataset).toMatchObject({
      id: "GBPUSD/bars/M1/dat_ascii_gbpusd_m1_2017",
      first: Date.UTC(2017, 0, 2, 7),
    });
  });

  it("asks for a timezone when the format does not fix one", async () => {
    const error = await failure(store.importFile(textFile("USDJPY_M1.txt", `${BARS.join("\n")}\n`)));
    expect(error.code).toBe("DATA_TIMEZONE_REQUIRED");
    expect(error.message).toContain("--tz mt5-server");
  });

  it("asks for the symbol when the file name has none", async () => {
    const error = await failure(store.importFile(textFile("export.txt", `${BARS.join("\n")}\n`), { tz: "UTC" }));
    expect(error.code).toBe("DATA_SYMBOL_REQUIRED");
  });
});

describe("bad input leaves the cache byte-for-byte as it was", () => {
  let store: MarketStore;
  let root: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    ({ store, root } = await freshStore());
    await store.importFile(textFile("EURUSD_M1.txt", `${BARS.join("\n")}\n`), { tz: "UTC" });
    before = await snapshot(root);
  });

  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      mt5Bar(
        "2025.07.01",
        `${String(10 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`,
        1.1,
        1.2,
        1.0,
        1.15,
      ),
    );

  const cases: Array<[string, () => ReturnType<typeof textFile>, string, Record<string, unknown>?]> = [
    [
      "a line that fails half-way, after chunks were written",
      () =>
        textFile(
          "EURUSD_M1_bad.txt",
          `${[...many(9), "2025.07.01\t11:00\t1.1\tx\t1.0\t1.1\t1\t0\t1", ...many(3)].join("\n")}\n`,
        ),
      "DATA_BAD_NUMBER",
    ],
    [
      "a truncated last line",
      () => textFile("EURUSD_M1_cut.txt", `${many(5).join("\n")}\n2025.07.01\t12:00\t1.1\t1.2`),
      "DATA_TRUNCATED_LINE",
    ],
    [
      "a binary file",
      () => bytesSource(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 4]), "EURUSD.png"),
      "DATA_BINARY_FILE",
    ],
    ["an empty file", () => textFile("EURUSD_M1_empty.txt", ""), "DATA_EMPTY_FILE"],
    [
      "mixed formats",
      () => textFile("EURUSD_M1_mixed.txt", `${many(3).join("\n")}\n20170102 020000;1.05;1.06;1.04;1.05;0\n`),
      "DATA_FIELD_COUNT",
    ],
    [
      "an unparseable date",
      () => textFile("EURUSD_M1_date.txt", `${many(3).join("\n")}\n2025.02.30\t10:00\t1.1\t1.2\t1.0\t1.15\t1\t0\t1\n`),
      "DATA_BAD_DATE",
    ],
    [
      "a wrong delimiter for the format asked",
      () => textFile("EURUSD_M1_comma.txt", "2025.07.01,10:00,1.1,1.2,1.0,1.15,1,0,1\n"),
      "DATA_FORMAT_MISMATCH",
      { format: "mt5-bars" },
    ],
  ];

  for (const [name, file, code, extra] of cases) {
    it(`rejects ${name} with ${code}`, async () => {
      const error = await failure(store.importFile(file(), { tz: "UTC", chunkRows: 2, ...extra }));
      expect(error.code).toBe(code);
      expect(error.where?.file).toBeTruthy();
      expect(await snapshot(root)).toEqual(before);
    });
  }

  it("names the line and field of a bad number", async () => {
    const error = await failure(store.importFile(cases[0][1](), { tz: "UTC", chunkRows: 2 }));
    expect(error.where).toEqual({ file: "EURUSD_M1_bad.txt", line: 10, column: 4, field: "high" });
  });

  it("cancels between chunks and leaves nothing behind", async () => {
    const controller = new AbortController();
    const error = await failure(
      store.importFile(
        textFile("EURUSD_M1_long.txt", `${many(40).join("\n")}\n`),
        { tz: "UTC", chunkRows: 2 },
        (p) => {
          if (p.rows >= 4) controller.abort();
        },
        controller.signal,
      ),
    );
    expect(error.code).toBe("DATA_IMPORT_CANCELLED");
    expect(await snapshot(root)).toEqual(before);
  });

  it("removes files no catalog names when it opens (a crash mid-import)", async () => {
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(`${root}/data/EURUSD/bars/M1/2031`, { recursive: true });
    await writeFile(`${root}/data/EURUSD/bars/M1/2031/orphan.parquet`, "half a file");
    await reopen(root);
    expect(await snapshot(root)).toEqual(before);
  });
});
