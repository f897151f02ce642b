import { describe, expect, it } from "vitest";
import { helloClient, startRelayProcess } from "./harness.ts";

describe("pipscope relay", () => {
  it("replays a CSV file at 10× with times restamped to now, looping, and exits 0 on SIGINT", async () => {
    const relay = await startRelayProcess(
      ["--source", "replay:tests/unit/relay/fixtures/ticks.csv", "--speed", "10"],
      {},
      ["bin/pipscope.mjs", "relay"],
    );
    const listening = relay.logs.find((l) => l.event === "listening");
    expect(listening).toMatchObject({
      source: "replay:tests/unit/relay/fixtures/ticks.csv",
      symbols: ["EURUSD", "USDJPY"],
    });
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["EURUSD"] });
    const before = Date.now();
    // Three EURUSD ticks a loop; a loop lasts 0.3 s + 1 s pause at 10×, so 5 arrive within a second or so.
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= 5, 5000);
    const ticks = client.ticks().slice(0, 5);
    expect(ticks.map((t) => t.data.bid)).toEqual(expect.arrayContaining([1.08, 1.08001, 1.08003]));
    for (const tick of ticks) {
      expect(tick.data.time_msc).toBeGreaterThan(before - 1000);
      expect(tick.data.time_msc).toBeLessThan(Date.now() + 10);
      expect(tick.data.spread).toBeCloseTo(Math.round((tick.data.ask - tick.data.bid) * 1e6) / 100, 6);
    }
    const times = ticks.map((t) => t.data.time_msc);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await relay.stop("SIGINT")).toBe(0);
    expect((await client.closed).code).toBe(1001);
  });

  it("serves the synthetic sample by default", async () => {
    const relay = await startRelayProcess(["--speed", "10"]);
    expect(relay.logs.find((l) => l.event === "listening")).toMatchObject({
      source: "synthetic",
      symbols: ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD"],
    });
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    const tick = await client.next("tick");
    expect(Math.abs(tick.data.time_msc - Date.now())).toBeLessThan(2000);
    expect(tick.data.spread).toBeGreaterThan(0);
    expect(await relay.stop()).toBe(0);
  });

  it("exits 2 naming the file, line and field of a bad replay file", async () => {
    const file = "tests/unit/relay/fixtures/bad-ask.csv";
    await expect(startRelayProcess(["--source", `replay:${file}`], {}, ["bin/pipscope.mjs", "relay"])).rejects.toThrow(
      `exited with 2:\npipscope: ${file}:3 (field ask): 'oops' is not a number`,
    );
  });
});
