import { afterAll, describe, expect, it } from "vitest";
import {
  fakeExpert,
  helloClient,
  type RelayProcess,
  sleep,
  startRelayProcess,
  startTerminalSim,
  type TerminalSim,
} from "./harness.ts";

/** What a client received of each symbol: count and sum of bids, as the simulator tallies what it made. */
function tally(ticks: { data: { symbol: string; bid: number } }[]) {
  const out: Record<string, { count: number; bid_sum: number }> = {};
  for (const { data } of ticks) {
    out[data.symbol] ??= { count: 0, bid_sum: 0 };
    const t = out[data.symbol];
    t.count++;
    t.bid_sum = Number((t.bid_sum + data.bid).toFixed(6));
  }
  return out;
}

describe("ticks from the EA without loss", () => {
  const running: (RelayProcess | TerminalSim)[] = [];
  afterAll(async () => {
    for (const process of running.reverse()) await process.stop();
  });

  it("delivers every tick of 4 symbols exactly once across a dropped connection, then has nothing unacknowledged", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    running.push(relay);
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    const sim = startTerminalSim(relay.upstreamPort as number, [
      "--rate",
      "2000",
      "--ticks",
      "6000",
      "--drop-after-ticks",
      "2500",
    ]);
    running.push(sim);
    const made = await sim.until((e) => e.event === "ticks_made");
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= 6000, 20_000);
    // The drop happened, and the reconnect resent what the relay had not acknowledged.
    expect(sim.events.some((e) => e.event === "dropped")).toBe(true);
    const hellos = sim.events.filter((e) => e.event === "relay_hello");
    expect(hellos.length).toBe(2);
    expect(hellos[1].last_n).toBeGreaterThan(0);
    expect(tally(client.ticks())).toEqual(made.per_symbol);
    expect(client.ticks()).toHaveLength(6000);
    await sim.until((e) => e.event === "acked" && e.n === 6000 && e.unacked === 0);
  });

  it("takes each tick n of an EA session once, across reconnects, and says where it is in its hello", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    running.push(relay);
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    const hello = {
      type: "hello",
      protocol: 1,
      ea: "test",
      session: "s1",
      server: "X",
      company: "Y",
      server_offset_ms: 7_200_000,
      symbols: ["EURUSD"],
      features: ["ticks"],
    };
    const line = (n: number) =>
      `${JSON.stringify({ type: "tick", n, symbol: "EURUSD", bid: 1.1 + n / 1e4, ask: 1.2, time_msc: 1_718_000_000_000 + n, flags: 6 })}\n`;
    const replies = (socket: Awaited<ReturnType<typeof fakeExpert>>) => {
      const lines: Record<string, unknown>[] = [];
      socket.on("data", (chunk) => {
        for (const text of chunk.toString().split("\n")) if (text) lines.push(JSON.parse(text));
      });
      return lines;
    };
    const first = await fakeExpert(relay.upstreamPort as number);
    const firstReplies = replies(first);
    first.write(`${JSON.stringify(hello)}\n${[1, 2, 3, 4, 5].map(line).join("")}`);
    await client.until((frames) => frames.filter((f) => f.type === "tick").length === 5);
    first.destroy();
    const second = await fakeExpert(relay.upstreamPort as number);
    const secondReplies = replies(second);
    // An EA that sends again what it sent before (3, 4, 5) and goes on.
    second.write(`${JSON.stringify(hello)}\n${[3, 4, 5, 6, 7].map(line).join("")}`);
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= 7);
    await sleep(400); // an ack is due within 250 ms
    expect(client.ticks().map((t) => t.data.bid)).toEqual([1.1001, 1.1002, 1.1003, 1.1004, 1.1005, 1.1006, 1.1007]);
    expect(firstReplies[0]).toMatchObject({ type: "hello", protocol: 1, last_n: 0 });
    expect(secondReplies[0]).toMatchObject({ type: "hello", protocol: 1, last_n: 5 });
    expect(secondReplies.at(-1)).toEqual({ type: "ack", n: 7 });
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream).toMatchObject({ repeats: 3 });
    second.destroy();
  });

  it("refuses an EA of another protocol version, saying which", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    running.push(relay);
    const socket = await fakeExpert(relay.upstreamPort as number);
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk;
    });
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(
      `${JSON.stringify({ type: "hello", protocol: 2, ea: "future", session: "s", server: "", company: "", server_offset_ms: 0, symbols: [], features: [] })}\n`,
    );
    await closed;
    expect(JSON.parse(reply)).toMatchObject({ type: "error", code: "PROTOCOL_VERSION" });
    expect(JSON.parse(reply).message).toContain("the relay speaks protocol 1, the EA 2");
  });
});
