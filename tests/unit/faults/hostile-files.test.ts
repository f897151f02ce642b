import { beforeAll, describe, expect, it } from "vitest";
import { describeQuality } from "../../../src/cli/data.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import { bytesSource, type ImportSource } from "../../../src/store/import/source.ts";
import type { MarketStore } from "../../../src/store/market-store.ts";
import { freshStore, MT5_BARS_HEADER, mt5Bar, reopen, snapshot } from "../store/helpers.ts";

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` M1 bars of an MT5 export from 2 June 2025 00:00. */
function bars(count: number, base = 1.27): string[] {
  return Array.from({ length: count }, (_, i) => {
    const minute = new Date(Date.UTC(2025, 5, 2) + i * 60_000).toISOString();
    const open = base + (i % 17) * 0.0001;
    return mt5Bar(
      "2025.06.02",
      minute.slice(11, 19),
      open,
      open + 0.0003,
      open - 0.0002,
      open + 0.0001,
      50 + (i % 9),
      4,
    ).replace("2025.06.02", minute.slice(0, 10).replaceAll("-", "."));
  });
}

const encode = (text: string) => new TextEncoder().encode(text);

/** A source that counts the bytes read from it. */
function counted(bytes: Uint8Array, name: string): ImportSource & { bytesRead: number } {
  const inner = bytesSource(bytes, name);
  const source = {
    ...inner,
    bytesRead: 0,
    async read(start: number, end: number) {
      const piece = await inner.read(start, end);
      source.bytesRead += piece.length;
      return piece;
    },
  };
  return source;
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

describe("hostile files (issue 17)", () => {
  let store: MarketStore;
  let root: string;
  let stored: Float64Array;

  beforeAll(async () => {
    ({ store, root } = await freshStore());
    const seed = `${[MT5_BARS_HEADER, ...bars(300, 1.08)].join("\n")}\n`;
    await store.importFile(bytesSource(encode(seed), "EURUSD_M1.csv"), { tz: "UTC" });
    stored = (await store.bars("EURUSD", "M1", Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 3))).rows.close;
    expect(stored.length).toBe(300);
  });

  it("refuses a 20 MB line naming file and line, after reading about 1 MiB of it", async () => {
    const head = encode(`${[MT5_BARS_HEADER, ...bars(2)].join("\n")}\n`);
    const file = new Uint8Array(head.length + 20_000_000).fill(0x31);
    file.set(head);
    const before = await snapshot(root);
    const source = counted(file, "GBPUSD_M1.csv");
    const error = await failure(store.importFile(source, { tz: "UTC" }));
    expect(error.code).toBe("DATA_LINE_TOO_LONG");
    expect(error.where).toEqual({ file: "GBPUSD_M1.csv", line: 4 });
    expect(error.message).toContain("line 4 runs past 1,048,576 characters without a line break");
    expect(source.bytesRead).toBeLessThan(2 * 1024 * 1024); // head, fingerprint and pieces up to the limit
    expect(await snapshot(root)).toEqual(before);
  });

  it("refuses a first line with no break in the bytes detection reads", async () => {
    const error = await failure(store.importFile(bytesSource(new Uint8Array(200_000).fill(0x41), "GBPUSD.csv"), {}));
    expect(error.code).toBe("DATA_LINE_TOO_LONG");
    expect(error.describe()).toBe(
      "GBPUSD.csv:1: line 1 has no line break in the first 64 KiB of the file; bars and ticks take a few dozen characters a line — is this the right file?",
    );
  });

  it("refuses a CSV of 10,000 columns as such, not as a file without data lines", async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: 10_000 }, (_, i) => (i === 0 ? "2025-06-02 00:00" : "1.1")).join(",");
    const text = `${header}\n${Array.from({ length: 50 }, () => row).join("\n")}\n`;
    const error = await failure(store.importFile(bytesSource(encode(text), "GBPUSD.csv"), { tz: "UTC" }));
    expect(error.code).toBe("DATA_TOO_MANY_COLUMNS");
    expect(error.where).toEqual({ file: "GBPUSD.csv", line: 1 });
    expect(error.message).toBe(
      "line 1 has 10,000 columns; files of at most 256 are read (bars and ticks need fewer than a dozen) — is this the right file?",
    );

    // A header longer than detection reads is counted as far as it goes.
    const longer = Array.from({ length: 20_000 }, (_, i) => `column${i}`).join(",");
    const cut = await failure(
      store.importFile(bytesSource(encode(`${longer}\n${row}\n`), "GBPUSD.csv"), { tz: "UTC" }),
    );
    expect(cut.describe()).toMatch(
      /^GBPUSD\.csv:1: line 1 has more than [\d,]+ columns; files of at most 256 are read/,
    );
  });

  it("a bar at 1e308 costs quality, and the report names it, after a restart too", async () => {
    const rows = bars(60);
    rows[30] = mt5Bar("2025.06.02", "00:30:00", 1e308, 1e308, 1e308, 1e308, 50, 4);
    const text = `${[MT5_BARS_HEADER, ...rows].join("\n")}\n`;
    const result = await store.importFile(bytesSource(encode(text), "USDCHF_M1.csv"), { tz: "UTC" });
    expect(result.report?.score).toBe(85);
    const quality = (await reopen(root)).quality(result.dataset.id);
    expect(quality.spikes).toMatchObject({ count: 1, offBand: 1 });
    expect(quality.spikes.list[0]).toMatchObject({ time: Date.UTC(2025, 5, 2, 0, 30), price: 1e308 });
    expect(describeQuality(result.dataset.id, quality)).toContain(
      "    2025-06-02T00:30:00Z  priced 1e+308, off its neighbours' band (1e+308 from the last plausible price)",
    );
  });

  it("150 mutated exports each import or fail with a PipscopeError; the stored dataset never changes", async () => {
    const lines = [MT5_BARS_HEADER, ...bars(120)];
    const junk = [
      "1e308",
      "-1e308",
      "NaN",
      "Infinity",
      "-0.0001",
      "",
      "\u0000\u0000",
      "99999999999999999999999",
      "2025.02.30",
    ];
    const codes = new Map<string, number>();
    let imported = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
      const mutated = [...lines];
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = 1 + Math.floor(next() * (mutated.length - 1));
        const cells = mutated[at].split("\t");
        switch (Math.floor(next() * 5)) {
          case 0: // a field replaced by something hostile
            cells[Math.floor(next() * cells.length)] = pick(junk);
            mutated[at] = cells.join("\t");
            break;
          case 1: // a line duplicated or moved
            mutated.splice(Math.floor(next() * mutated.length), 0, mutated[at]);
            break;
          case 2: // a field dropped or added
            mutated[at] = next() < 0.5 ? cells.slice(1).join("\t") : `${mutated[at]}\t7`;
            break;
          case 3: // random bytes written over a line
            mutated[at] = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
              String.fromCharCode(Math.floor(next() * 256)),
            ).join("");
            break;
          default: // the file cut short
            mutated.length = at;
        }
      }
      const name = `GBPUSD_M1_${seed}.csv`;
      try {
        await store.importFile(bytesSource(encode(mutated.join("\n")), name), { tz: "UTC", onDuplicate: "skip" });
        imported++;
      } catch (error) {
        if (!(error instanceof PipscopeError)) throw new Error(`seed ${seed}: ${String(error)}`);
        expect(error.where?.file, `seed ${seed}: ${error.message}`).toBe(name);
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      }
    }
    // Both outcomes happened, and the refusals were of several kinds.
    expect(imported).toBeGreaterThan(20);
    expect(codes.size).toBeGreaterThan(3);
    const again = await reopen(root);
    expect((await again.bars("EURUSD", "M1", Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 3))).rows.close).toEqual(stored);
  }, 60_000);
});
