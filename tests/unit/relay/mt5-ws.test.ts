import { afterAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { helloClient, type RelayProcess, startRelayProcess } from "./harness.ts";

/** A stand-in for the Python MetaTrader5 bridge: records subscriptions, sends ticks in its shape. */
async function fakeBridge(port = 0) {
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  await new Promise((resolve) => server.once("listening", resolve));
  const subscriptions: unknown[] = [];
  const sockets = new Set<WebSocket>();
  server.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("message", (data) => subscriptions.push(JSON.parse(data.toString())));
  });
  return {
    port: (server.address() as { port: number }).port,
    subscriptions,
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
