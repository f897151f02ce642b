import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticBars, syntheticTicks } from "../../../src/core/data/synthetic.ts";
import { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";
import { type RelayProcess, runPipscope, startRelayProcess, startTerminalSim, type TerminalSim } from "./harness.ts";

const FROM = Date.UTC(2024, 2, 4); // Monday 4 March 2024: the US moves its clocks on the 10th
const TO = Date.UTC(2024, 2, 16);
const DATASET = "EURUSD/bars/M1/mt5-sim-server";

/** The relay with the terminal simulator behind it, and a fresh cache. */
async function bridge(simArgs: string[]): Promise<{ relay: RelayProcess; sim: TerminalSim; dir: string }> {
  const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
  const sim = startTerminalSim(relay.upstreamPort as number, simArgs);
  await sim.until((e) => e.event === "relay_hello");
  return { relay, sim, dir: mkdtempSync(join(tmpdir(), "pipscope-pull-")) };
}

const pull = (relay: RelayProcess, dir: string, more: string[]) =>
  runPipscope(["mt5", "pull", "--relay", `ws://127.0.0.1:${relay.port}`, "--data-dir", dir, "--json", ...more], dir);

async function storedBars(dir: string) {
  const store = await MarketStore.open(await openNodeHost(dir));
  const dataset = store.list().find((d) => d.id === DATASET);
  const rows = dataset && (await store.bars("EURUSD", "M1", FROM, TO, 0, "mt5-sim-server")).rows;
  return { dataset, rows, sources: dataset ? store.dataset(DATASET).sources : [] };
}

describe("pipscope mt5 pull, against the terminal simulator", () => {
  const started: { relay: RelayProcess; sim: TerminalSim; dir: string }[] = [];
  afterAll(async () => {
    for (const { relay, sim, dir } of started) {
      await sim.stop();
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stores the terminal's M1 bars in their own dataset, converted from server time to UTC across a DST change", async () => {
    const setup = await bridge(["--history", "EURUSD:M1=synthetic", "--rate", "0"]);
    started.push(setup);
    const result = await pull(setup.relay, setup.dir, [
      "--symbol",
      "EURUSD",
      "--timeframe",
      "M1",
      "--from",
      "2024-03-04",
      "--to",
      "2024-03-15",
    ]);
    expect(result.stderr).toMatch(/pulling EURUSD +\d+% +[\d,]+ rows up to 2024-03-\d\dT.* rows\/s/);
    expect(result.code, result.stderr).toBe(0);
    const expected = syntheticBars("EURUSD", FROM, TO);
    const { dataset, rows, sources } = await storedBars(setup.dir);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "pulled", rows: expected.length, server: "Sim-Server" });
    expect(dataset).toMatchObject({ rows: expected.length, first: expected.time[0], synthetic: false });
    // Row for row the terminal's bars, at their UTC times, on both sides of the 10 March change.
    expect(Array.from(rows?.time ?? [])).toEqual(Array.from(expected.time));
    expect(Array.from(rows?.close ?? [])).toEqual(Array.from(expected.close));
    expect(sources).toMatchObject([
      {
        file: "MT5 Sim-Server (Simulated Broker)",
        format: "mt5-pull",
        timezone: "mt5-server",
        rowsStored: expected.length,
      },
    ]);

    const again = await pull(setup.relay, setup.dir, [
      "--symbol",
      "EURUSD",
      "--timeframe",
      "M1",
      "--from",
      "2024-03-04",
      "--to",
      "2024-03-15",
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "up_to_date", rows: 0 });
  });

  it("keeps whole chunks when the terminal drops mid-chunk, and the same pull goes on from the last stored row", async () => {
    const setup = await bridge(["--history", "EURUSD:M1=synthetic", "--rate", "0", "--drop-after-rows", "6500"]);
    started.push(setup);
    const args = [
      "--symbol",
      "EURUSD",
      "--timeframe",
      "M1",
      "--from",
      "2024-03-04",
      "--to",
      "2024-03-15",
      "--chunk-rows",
      "5000",
    ];
    const first = await pull(setup.relay, setup.dir, args);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/MT5_TERMINAL_LOST|terminal disconnected mid-answer/);
    // Chunk 0 only (5,000 rows from 4 h before the range, as the EA asks), nothing of the cut chunk 1.
    const expected = syntheticBars("EURUSD", FROM, TO);
    const half = await storedBars(setup.dir);
    const kept = half.dataset?.rows ?? 0;
    expect(kept).toBeGreaterThan(4000);
    expect(kept).toBeLessThan(5000);
    expect(Array.from(half.rows?.time ?? [])).toEqual(Array.from(expected.time.subarray(0, kept)));
    await setup.sim.until(
      (e) => e.event === "relay_hello" && setup.sim.events.filter((x) => x.event === "relay_hello").length >= 2,
    );

    const second = await pull(setup.relay, setup.dir, args);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ status: "pulled", resumed: true, rows: expected.length - kept });
    const { rows, sources } = await storedBars(setup.dir);
    expect(Array.from(rows?.time ?? [])).toEqual(Array.from(expected.time));
    expect(sources[0]).toMatchObject({ rowsStored: expected.length, duplicates: 0 });
  });

  it("passes on the terminal's own words for a symbol it does not have, and pulls ticks", async () => {
    const setup = await bridge(["--history", "XAUUSD:ticks=synthetic", "--rate", "0"]);
    started.push(setup);
    const missing = await pull(setup.relay, setup.dir, [
      "--symbol",
      "NOPE",
      "--ticks",
      "--from",
      "2024-03-05",
      "--to",
      "2024-03-05",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("symbol NOPE is not in the terminal: error 4301 (unknown symbol)");

    const ticks = await pull(setup.relay, setup.dir, [
      "--symbol",
      "XAUUSD",
      "--ticks",
      "--from",
      "2024-03-05T10:00:00Z",
      "--to",
      "2024-03-05T12:00:00Z",
    ]);
    expect(ticks.code, ticks.stderr).toBe(0);
    const expected = syntheticTicks("XAUUSD", Date.UTC(2024, 2, 5, 10), Date.UTC(2024, 2, 5, 12));
    expect(JSON.parse(ticks.stdout)).toMatchObject({
      rows: expected.length,
      dataset: { id: "XAUUSD/ticks/tick/mt5-sim-server", rows: expected.length },
    });
  });

  it("says plainly when no terminal is connected", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    const dir = mkdtempSync(join(tmpdir(), "pipscope-pull-"));
    try {
      const result = await pull(relay, dir, [
        "--symbol",
        "EURUSD",
        "--timeframe",
        "M1",
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-05",
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("no MetaTrader 5 terminal with the Pipscope EA is connected");
    } finally {
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

beforeAll(() => {
  process.env.TZ ??= "America/Los_Angeles";
});
