import { afterAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { Backoff } from "../../../relay/upstream/backoff.ts";
import { makeMt5WsUpstream } from "../../../relay/upstream/mt5-ws.ts";
import type { UpstreamSink } from "../../../relay/upstream/upstream.ts";
import { helloClient, type RelayProcess, startRelayProcess } from "./harness.ts";

/** A stand-in for the Python MetaTrader5 bridge: records subscriptions, sends ticks in its shape. */
async function fakeBridge(port = 0, hello?: object) {
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  await new Promise((resolve) => server.once("listening", resolve));
  const subscriptions: unknown[] = [];
  const sockets = new Set<WebSocket>();
  server.on("connection", (ws) => {
    sockets.add(ws);
    if (hello) ws.send(JSON.stringify(hello));
    ws.on("message", (data) => subscriptions.push(JSON.parse(data.toString())));
  });
  return {
    port: (server.address() as { port: number }).port,
    subscriptions,
    send(frame: object) {
      for (const ws of sockets) ws.send(JSON.stringify(frame));
    },
    tick(symbol: string, bid: number, time: number) {
      const frame = JSON.stringify({
        type: "tick",
        data: { symbol, bid, ask: bid + 0.0003, last: 0, volume: 0, time, spread: 3 },
      });
      for (const ws of sockets) ws.send(frame);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (done: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("mt5-ws upstream", () => {
  let relay: RelayProcess | undefined;
  afterAll(async () => {
    await relay?.stop();
  });

  it("subscribes to the bridge, relays its ticks, and reconnects and resubscribes when it restarts", async () => {
    let bridge = await fakeBridge();
    const port = bridge.port;
    relay = await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${port}/ticks`, "--symbols", "EURUSD,GBPUSD"]);
    const health = async () => (await fetch(`http://127.0.0.1:${relay?.port}/health`)).json();
    await until(() => bridge.subscriptions.length === 1);
    expect(bridge.subscriptions[0]).toEqual({ type: "subscribe", symbols: ["EURUSD", "GBPUSD"] });
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    bridge.tick("EURUSD", 1.0801, 1718000000);
    bridge.tick("AUDUSD", 0.66, 1718000000); // not among --symbols: not relayed
    const first = await client.next("tick");
    expect(first.data).toMatchObject({ symbol: "EURUSD", time: "2024-06-10T06:13:20.000Z", spread: 3 });

    await bridge.close();
    await until(async () => (await health()).upstream === "reconnecting");
    expect((await health()).status).toBe("degraded");
    bridge = await fakeBridge(port);
    await until(() => bridge.subscriptions.length === 1);
    expect(bridge.subscriptions[0]).toEqual({ type: "subscribe", symbols: ["EURUSD", "GBPUSD"] });
    await until(async () => (await health()).upstream === "connected");
    bridge.tick("GBPUSD", 1.2702, 1718000060);
    await client.until((frames) => frames.filter((f) => f.type === "tick").length === 2);
    expect(client.ticks().map((t) => [t.seq, t.data.symbol])).toEqual([
      [1, "EURUSD"],
      [2, "GBPUSD"],
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream).toMatchObject({ state: "connected", connections: 2 });
    expect(metrics.upstream.reconnects).toBeGreaterThanOrEqual(1);
    await client.close();
    await bridge.close();
  });
});

describe("mt5-ws upstream when the bridge misbehaves", () => {
  /** A sink that keeps what the upstream reports. */
  function recordingSink() {
    const states: string[] = [];
    const bad: string[] = [];
    const ticks: string[] = [];
    const sink: UpstreamSink = {
      tick: (tick) => ticks.push(tick.symbol),
      account: () => {},
      state: (state) => states.push(state),
      bad: (reason) => bad.push(reason),
      refused: () => {},
      relayId: "test",
      history: () => {},
    };
    return { sink, states, bad, ticks };
  }

  it("keeps retrying a bridge that is not there yet, then subscribes once it is", async () => {
    const probe = await fakeBridge();
    const port = probe.port;
    await probe.close(); // the port is free: nothing listens there yet
    const seen = recordingSink();
    const upstream = makeMt5WsUpstream(`ws://127.0.0.1:${port}`, ["EURUSD"], { backoff: new Backoff(() => 0) });
    await upstream.start(seen.sink);
    await until(() => seen.states.filter((s) => s === "reconnecting").length >= 2);
    const bridge = await fakeBridge(port);
    await until(() => bridge.subscriptions.length === 1);
    await until(() => seen.states.at(-1) === "connected");
    bridge.tick("EURUSD", 1.08, 1718000000);
    await until(() => seen.ticks.length === 1);
    await upstream.stop();
    await bridge.close();
    expect(seen.states[0]).toBe("connecting");
    expect(seen.states.at(-1)).toBe("stopped");
  });

  it("skips the bridge's garbage and binary frames, counting each, and cuts a bridge that stops answering pings", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    await new Promise((resolve) => server.once("listening", resolve));
    const connections: WebSocket[] = [];
    server.on("connection", (ws) => connections.push(ws));
    const seen = recordingSink();
    const port = (server.address() as { port: number }).port;
    const upstream = makeMt5WsUpstream(`ws://127.0.0.1:${port}`, [], { pingMs: 100, backoff: new Backoff(() => 0) });
    await upstream.start(seen.sink);
    await until(() => connections.length === 1);
    connections[0].send("{not json");
    connections[0].send(Buffer.from([1, 2, 3]), { binary: true });
    connections[0].send(JSON.stringify({ type: "tick", data: { symbol: "EURUSD", bid: "x", ask: 1, time: 1 } }));
    await until(() => seen.bad.length === 3);
    expect(seen.bad[1]).toBe("a binary frame from the bridge");
    // It sends nothing more and answers no ping: cut after two ping periods, then connected again.
    await until(() => connections.length === 2 && seen.states.length >= 4, 5000);
    expect(seen.states.slice(0, 4)).toEqual(["connecting", "connected", "reconnecting", "connected"]);
    await upstream.stop();
    for (const ws of connections) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A bridge that runs `serve` on each connection and notes when each one was made (performance.now ms). */
  async function scriptedBridge(serve: (ws: WebSocket, index: number) => void) {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((resolve) => server.once("listening", resolve));
    const openedAt: number[] = [];
    server.on("connection", (ws) => {
      openedAt.push(performance.now());
      serve(ws, openedAt.length - 1);
    });
    return {
      url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
      openedAt,
      gaps: () => openedAt.slice(1).map((at, i) => at - openedAt[i]),
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }
  const validTick = JSON.stringify({
    type: "tick",
    data: { symbol: "EURUSD", bid: 1.08, ask: 1.0802, time: 1718000000 },
  });

  it("backs off from a bridge that accepts and drops at once, and starts over after it delivers a tick", async () => {
    // Connections 0–3 drop at once; connection 3 first delivers a valid tick.
    const bridge = await scriptedBridge((ws, index) => {
      if (index === 3) ws.send(validTick);
      ws.close();
    });
    const seen = recordingSink();
    const upstream = makeMt5WsUpstream(bridge.url, [], { backoff: new Backoff(() => 0) });
    await upstream.start(seen.sink);
    await until(() => bridge.openedAt.length === 5, 8000);
    await upstream.stop();
    await bridge.close();
    const gaps = bridge.gaps();
    // 250, 500 and 1000 ms of backoff, then 250 again once a tick came through.
    expect(gaps[0]).toBeGreaterThanOrEqual(240);
    expect(gaps[1]).toBeGreaterThanOrEqual(490);
    expect(gaps[2]).toBeGreaterThanOrEqual(990);
    expect(gaps[3]).toBeLessThan(gaps[2] / 2);
    expect(seen.ticks).toEqual(["EURUSD"]);
  });

  it("starts the backoff over after a connection stays up long enough, ticks or not", async () => {
    const bridge = await scriptedBridge((ws) => setTimeout(() => ws.close(), 150));
    const seen = recordingSink();
    const upstream = makeMt5WsUpstream(bridge.url, [], { backoff: new Backoff(() => 0), stableMs: 100 });
    await upstream.start(seen.sink);
    await until(() => bridge.openedAt.length === 4, 8000);
    await upstream.stop();
    await bridge.close();
    // Each gap is 150 ms up and the first step of the backoff, 250 ms; never 500 or 1000.
    for (const gap of bridge.gaps()) expect(gap).toBeLessThan(650);
    expect(seen.ticks).toEqual([]);
  });

  it("refuses a frame over 64 KiB without reading it, counts it, and connects again", async () => {
    const bridge = await scriptedBridge((ws, index) => {
      if (index === 0) ws.send(JSON.stringify({ type: "tick", data: { symbol: "x".repeat(1 << 20) } }));
      else ws.send(validTick);
    });
    const seen = recordingSink();
    const upstream = makeMt5WsUpstream(bridge.url, [], { backoff: new Backoff(() => 0) });
    await upstream.start(seen.sink);
    await until(() => seen.ticks.length === 1);
    await upstream.stop();
    await bridge.close();
    expect(seen.bad).toEqual(["the bridge broke the protocol: Max payload size exceeded"]);
    expect(bridge.openedAt).toHaveLength(2);
    expect(seen.states.slice(0, 4)).toEqual(["connecting", "connected", "reconnecting", "connected"]);
  });
});

describe("mt5-ws upstream without --symbols", () => {
  const relays: RelayProcess[] = [];
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
  });

  it("never sends '*' to a bridge of the original design, and says to name the symbols", async () => {
    const bridge = await fakeBridge();
    const relay = await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${bridge.port}`]);
    relays.push(relay);
    await until(() => relay.logs.some((l) => l.event === "upstream_warning"));
    expect(bridge.subscriptions).toEqual([]);
    expect(relay.logs.find((l) => l.event === "upstream_warning")?.reason).toMatch(/--symbols/);
    await bridge.close();
  });

  it("subscribes with '*' to a bridge whose hello says subscribe_all, and to the listed symbols otherwise", async () => {
    const all = await fakeBridge(0, { type: "hello", features: ["subscribe_all"] });
    const listing = await fakeBridge(0, { type: "hello", symbols: ["EURUSD", "XAUUSD"] });
    relays.push(await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${all.port}`]));
    relays.push(await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${listing.port}`]));
    await until(() => all.subscriptions.length > 0 && listing.subscriptions.length > 0);
    expect(all.subscriptions).toEqual([{ type: "subscribe", symbols: ["*"] }]);
    expect(listing.subscriptions).toEqual([{ type: "subscribe", symbols: ["EURUSD", "XAUUSD"] }]);
    await all.close();
    await listing.close();
  });

  it("reads the original design's top-level balance_update and position_update", async () => {
    const bridge = await fakeBridge();
    const relay = await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${bridge.port}`, "--symbols", "EURUSD"]);
    relays.push(relay);
    await until(() => bridge.subscriptions.length > 0);
    const client = await helloClient(relay);
    bridge.send({ type: "balance_update", data: { balance: 1000, equity: 1012.5, margin: 20, free_margin: 992.5 } });
    const position = { ticket: 7, symbol: "EURUSD", side: "sell", volume: 0.2, price_open: 1.1, profit: 3 };
    bridge.send({ type: "position_update", positions: [position] });
    await client.until((frames) => frames.filter((f) => f.type === "account").length === 2);
    const data = client.frames.flatMap((f) => (f.type === "account" ? [f.data] : []));
    expect(data).toMatchObject([
      { event: "balance_update", balance: 1000, equity: 1012.5, free_margin: 992.5 },
      { event: "position_update", positions: [{ ticket: 7, side: "sell", volume: 0.2, sl: 0, tp: 0 }] },
    ]);
    await client.close();
    await bridge.close();
  });
});
