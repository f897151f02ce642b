import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = resolve("bin/pipscope.mjs");

/**
 * Every command through the built bundle (build/cli, as `npx pipscope` runs it): a package that
 * bundles badly (a dynamic require, a file found relative to itself) fails only there.
 */
describe("every pipscope command runs from the built bundle", () => {
  let dir: string;
  const cli = (args: string[]) =>
    run(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pipscope-built-"));
    await writeFile(
      join(dir, "week.csv"),
      ["Title,Country,Date,Time,Impact,Forecast,Previous", "CPI m/m,USD,03-12-2024,8:30am,High,0.4%,0.3%"].join("\n"),
    );
    await writeFile(
      join(dir, "EURUSD_M1.csv"),
      [
        "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
        "2025.06.23\t00:00:00\t1.10000\t1.10010\t1.09990\t1.10005\t12\t0\t8",
        "2025.06.23\t00:01:00\t1.10005\t1.10020\t1.10000\t1.10015\t9\t0\t8",
      ].join("\n"),
    );
  });

  it("help, bots, sessions, news and relay's help print what they should", async () => {
    expect((await cli(["help"])).stdout).toContain("Commands:");
    expect((await cli(["bots", "examples"])).stdout).toMatch(/"bots"/);
    expect((await cli(["sessions", "--at", "2026-03-30T08:00:00Z"])).stdout).toMatch(/LONDON/);
    expect((await cli(["news", "import", "week.csv", "--tz", "America/New_York"])).stdout).toContain("CPI m/m");
    expect((await cli(["help", "relay"])).stdout).toContain("pipscope relay");
  });

  it("data list makes the sample on first start, import adds a file's dataset", { timeout: 180_000 }, async () => {
    expect((await cli(["data", "list"])).stdout).toMatch(/^EURUSD +bars +M1 +sample +743,148 /m);
    expect((await cli(["import", "EURUSD_M1.csv", "--tz", "UTC"])).stdout).toContain(
      "imported 2 rows into EURUSD/bars/M1/eurusd_m1",
    );
  });

  it("backtest and sweep run on the sample", { timeout: 180_000 }, async () => {
    const config = resolve("session_configs/eurusd-ma-cross-h1.json");
    expect((await cli(["backtest", config, "--quiet", "--monte-carlo", "0"])).stdout).toMatch(/^Trades +[1-9]/m);
    // Without --quiet a thread prints the run straight to stdout: every line, and the table after them.
    const plain = (await cli(["backtest", config, "--monte-carlo", "0"])).stdout.split("\n");
    const fills = plain.filter((line) => / INFO +broker +fill (BUY|SELL) /.test(line));
    expect(fills.length).toBeGreaterThan(100);
    expect(plain.findIndex((line) => line.startsWith("Net profit"))).toBeGreaterThan(plain.indexOf(fills.at(-1) ?? ""));
    const events = (await cli(["backtest", config, "--json-events"])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.at(-1).type).toBe("backtest_complete");
    const sweep = await cli(["sweep", config, "--param", "fast=5:10:5", "--workers", "1"]);
    expect(sweep.stdout).toContain("2 combinations in");
    expect(sweep.stdout).toMatch(/^1 +(5|10) +-?\d+\.\d\d /m);
  });
});
