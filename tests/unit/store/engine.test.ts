import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { openNodeDuckDB } from "../../../src/store/duckdb/node.ts";

describe("SqlEngine.insert", () => {
  it("keeps the rows and does not grow the WASM heap insert after insert", async () => {
    const sql = await openNodeDuckDB(await mkdtemp(join(tmpdir(), "pipscope-engine-")));
    const n = 200_000; // 3.2 MB of columns per insert
    const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const price = Float64Array.from({ length: n }, (_, i) => 1 + i / 1e6);
    const heap = () => (sql.bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.length;
    sql.insert("stage", { time, price });
    const before = heap();
    for (let k = 0; k < 40; k++) sql.insert("stage", { time, price }); // 128 MB through the heap
    expect(heap() - before).toBeLessThan(32 * 2 ** 20);
    expect(sql.scalar("SELECT count(*) FROM stage")).toBe(n);
    expect(sql.scalar("SELECT max(time) FROM stage")).toBe((n - 1) * 60_000);
    expect(sql.scalar("SELECT sum(price) FROM stage")).toBeCloseTo(n + ((n - 1) * n) / 2 / 1e6, 6);
  });

  it("reports DuckDB's reason when an insert fails", async () => {
    const sql = await openNodeDuckDB(await mkdtemp(join(tmpdir(), "pipscope-engine-")));
    const error = (() => {
      try {
        sql.insert("nothing", {}); // no columns: DuckDB refuses the Arrow stream
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PipscopeError);
    expect((error as PipscopeError).code).toBe("DATA_SQL");
    expect((error as PipscopeError).message).toMatch(/^DuckDB insert: .*at least one column/);
  });
});
