import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { backtestCommand } from "../../../src/cli/backtest.ts";
import { main } from "../../../src/cli/main.ts";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import { parseResultFile } from "../../../src/core/protocol/result-file.ts";
import type { MarketData } from "../../../src/core/run/index.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";

const H1 = 3_600_000;
const market: MarketData = {
  async bars(_symbol, _timeframe, from, to, warmup) {
    const n = Math.floor((to - from) / H1) + warmup;
    const bars = randomWalkBars(n);
    for (let i = 0; i < n; i++) bars.time[i] = from + (i - warmup) * H1;
    return { rows: bars, startIndex: warmup, label: "fixture walk" };
  },
  async ticks() {
    throw new Error("no ticks in this fixture");
  },
};
const commands = [backtestCommand(async () => market)];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-cli-"));
});

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await main(argv, { stdout, stderr, cwd: dir }, commands);
  return { code, out, err };
}

const config = (strategy: object) =>
  JSON.stringify({
    session_name: "cli test",
    mode: "backtest",
    backtest_config: { start_date: "2024-01-01", backtest_days: 60 },
    session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"], historical: { bars: 50 } },
    strategy,
  });

describe("pipscope backtest", () => {
  it("prints the live log with simulated times and the metrics table, and writes the result JSON", async () => {
    await writeFile(join(dir, "ok.json"), config({ id: "ma_cross", parameters: { fast: 5, slow: 20 } }));
    const { code, out } = await cli(["backtest", "ok.json", "--out", "result.json"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^2024-01-01 00:00:00 INFO {4}engine {3}data loaded: 1490 H1 bars of EURUSD/m);
    expect(out).toMatch(/warm-up: 50 rows of history before 2024-01-01T00:00:00.000Z/);
    expect(out).toMatch(/^Net profit \(USD\) +-?[\d,]+\.\d\d$/m);
    const opened = parseResultFile(await readFile(join(dir, "result.json"), "utf8"), "result.json");
    if (opened.kind !== "run") throw new Error("a backtest writes one run's result");
    const result = opened.result;
    expect(result.metrics.trades).toBeGreaterThan(0);
    expect(out).toMatch(new RegExp(`^Trades +${result.metrics.trades.toLocaleString("en-US")}$`, "m"));
  });

  it("--json-events prints the SPEC §6 events as JSON lines, seq 0, 1, 2, …", async () => {
    const { code, out } = await cli(["backtest", "ok.json", "--json-events"]);
    expect(code).toBe(0);
    const events = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as BacktestEvent);
    expect(events[0].type).toBe("backtest_start");
    expect(events.at(-1)?.type).toBe("backtest_complete");
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  it("a bad config exits 2 naming the JSON path", async () => {
    await writeFile(join(dir, "bad.json"), config({ id: "ma_cross", parameters: { fast: "five" } }));
    const { code, err } = await cli(["backtest", "bad.json"]);
    expect(code).toBe(2);
    expect(err).toBe(
      "pipscope: bad.json (at $.strategy.parameters.fast): ma_cross: parameter fast: expected number, received string\n",
    );
  });

  it("a missing file or an unknown option exits 2", async () => {
    expect((await cli(["backtest", "nope.json"])).err).toBe(
      "pipscope: nope.json: cannot read nope.json: no such file\n",
    );
    const unknown = await cli(["backtest", "ok.json", "--fast"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--fast'");
  });

  it("a parameter outside its schema exits 2 before running", async () => {
    await writeFile(join(dir, "wma.json"), config({ id: "ma_cross", parameters: { fast: 5, slow: 20, kind: "WMA" } }));
    const bad = await cli(["backtest", "wma.json"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("wma.json (at $.strategy.parameters.kind): ma_cross: parameter kind:");
  });

  it("a strategy that throws fails the run with exit 1 and its message", async () => {
    const broken: MarketData = {
      ...market,
      async bars(...args) {
        const loaded = await market.bars(...args);
        // The strategy reads the closes in init(): make that read throw.
        Object.defineProperty(loaded.rows, "close", {
          get() {
            throw new RangeError("corrupt column");
          },
        });
        return loaded;
      },
    };
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (c) => (err += c));
    const code = await main(["backtest", "ok.json", "--quiet"], { stdout, stderr, cwd: dir }, [
      backtestCommand(async () => broken),
    ]);
    expect(code).toBe(1);
    expect(err).toContain("pipscope: backtest failed: strategy error: corrupt column");
  });
});
