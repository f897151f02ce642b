import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MAX_BACKTEST_DAYS } from "../../../src/core/config/date-span.ts";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { instrumentFor } from "../../../src/core/data/instruments.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import { planRun } from "../../../src/core/run/index.ts";
import { MS_PER_DAY } from "../../../src/core/units.ts";
import { killStarted, pipscope } from "./processes.ts";

const EXAMPLE = new URL("../../../session_configs/eurusd-ma-cross-h1.json", import.meta.url);
const base = JSON.parse(readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;

/** Every path to a value in a JSON value, objects and arrays included. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === "object")
    return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

const HOSTILE: unknown[] = [
  1e308,
  -1e308,
  1e9,
  2 ** 53 + 2,
  -1,
  0,
  0.0001,
  "",
  "x".repeat(100_000),
  null,
  true,
  [],
  {},
  "2024-02-30",
  "1969-12-31",
  "2100-01-01",
  "9999-12-31T23:59:59Z",
  "2025-01-01T25:00:00Z",
  { __proto__: { polluted: true } },
  ["EURUSD", "EURUSD"],
];

const dirs: string[] = [];
afterEach(killStarted);
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("hostile configs (issue 17)", () => {
  it("2,000 mutated configs each load and plan a bounded run, or fail with a PipscopeError (a config error naming its JSON path)", () => {
    let state = 17;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const all = paths(base).filter((p) => p.length > 0);
    let planned = 0;
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const config = structuredClone(base);
      for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
        const path = all[Math.floor(random() * all.length)];
        let parent = config as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = (parent?.[key] ?? {}) as Record<string | number, unknown>;
        if (typeof parent !== "object" || parent === null) continue; // an earlier edit replaced a parent
        const key = path[path.length - 1];
        if (random() < 0.15) delete parent[key];
        else parent[key] = HOSTILE[Math.floor(random() * HOSTILE.length)];
      }
      const text = JSON.stringify(config);
      try {
        const plan = planRun(loadSessionConfig(text, "fuzz.json"), (symbol) => instrumentFor(symbol));
        expect(plan.to > plan.from, text).toBe(true);
        expect(plan.from >= Date.UTC(1970, 0, 1) && plan.to <= Date.UTC(2100, 0, 1), text).toBe(true);
        expect(plan.to - plan.from <= MAX_BACKTEST_DAYS * MS_PER_DAY, text).toBe(true);
        expect(plan.warmupRows <= 1_000_000, text).toBe(true);
        planned++;
      } catch (error) {
        if (!(error instanceof PipscopeError)) throw new Error(`${text}\n${String(error)}`);
        if (error.code.startsWith("CONFIG_")) expect(error.where?.path, error.message).toMatch(/^\$\./);
        codes.add(error.code);
      }
    }
    expect(planned).toBeGreaterThan(100);
    expect([...codes].sort()).toContain("CONFIG_INVALID");
  });

  it("`pipscope backtest` with backtest_days 1e9 exits 2 at once naming the JSON path", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipscope-hostile-config-"));
    dirs.push(dir);
    const config: Record<string, unknown> = {
      ...base,
      backtest_config: { start_date: "2025-01-01", backtest_days: 1e9 },
    };
    delete config.router;
    await writeFile(join(dir, "huge.json"), JSON.stringify(config));
    const run = await pipscope(["backtest", join(dir, "huge.json"), "--data-dir", join(dir, "cache")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("$.backtest_config.backtest_days: Too big: expected number to be <=47482");
  }, 30_000);
});
