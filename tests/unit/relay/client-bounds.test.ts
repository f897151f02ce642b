import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  FLOOD_PINGS,
  FLOOD_SUBSCRIBES,
  fakeExpert,
  floodRequests,
  floodSymbols,
  helloClient,
  processMemory,
  type RelayProcess,
  sleep,
  startRelayProcess,
  TestClient,
  tickLine,
} from "./harness.ts";

const T0 = Date.UTC(2024, 5, 10, 12);

describe("a client flooding the relay with requests it does not read the answers to", () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0"]);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  it("keeps the relay's memory bounded and the other clients served", async () => {
    const pid = relay.child.pid as number;
    const expert = await fakeExpert(relay.upstreamPort as number);
    const bystander = await helloClient(relay);
    bystander.send({ type: "subscribe", symbols: ["EURUSD"] });
    await bystander.next("subscribed");
    // Added latency of the bystander's ticks (relay receive → client receive), reported, not budgeted here.
    const latencies: number[] = [];
    bystander.ws.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === "tick") latencies.push(performance.timeOrigin + performance.now() - frame.data.received_msc);
    });
    let sent = 0;
    const feeder = setInterval(() => expert.write(tickLine("EURUSD", 1.1, T0 + sent++)), 2);
    await sleep(300);
    const before = processMemory(pid);

    const attacker = await helloClient(relay);
    attacker.ws.pause(); // reads nothing from now on
    await floodRequests(attacker.ws);
    await sleep(1000);
    clearInterval(feeder);
    const during = processMemory(pid);

    // Every tick reached the client that reads, none conflated away.
    await bystander.until((frames) => frames.filter((f) => f.type === "tick").length === sent, 20_000);
    expect(bystander.frames.some((f) => f.type === "dropped")).toBe(false);

    attacker.ws.resume();
    await attacker.until((frames) => frames.some((f) => f.type === "pong" && f.id === FLOOD_PINGS - 1), 20_000);
    const replies = attacker.frames.filter((f) => f.type === "subscribed");
    expect(replies.at(-1)).toMatchObject({ symbols: floodSymbols(0, 1000) });
    expect(replies.length).toBeLessThan(FLOOD_SUBSCRIBES);
    expect(attacker.frames.some((f) => f.type === "error" && f.code === "RELAY_TOO_MANY_SYMBOLS")).toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.superseded).toBeGreaterThan(0);
    latencies.sort((a, b) => a - b);
    console.info(
      `subscribe flood: relay RSS ${before.rss.toFixed(0)} MB before, peak ${during.peak.toFixed(0)} MB; ` +
        `${replies.length} of ${FLOOD_SUBSCRIBES} subscribed replies sent, ${metrics.superseded} superseded; ` +
        `bystander ${sent} ticks, p50 ${latencies[Math.floor(latencies.length * 0.5)].toFixed(1)} ms, ` +
        `p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms`,
    );
    expect(during.peak - before.rss).toBeLessThan(100);
    expert.destroy();
    await Promise.all([attacker.close(), bystander.close()]);
  }, 60_000);
});

describe("connections that do not authenticate", () => {
  it("neither count toward --max-clients nor keep a token holder out", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0", "--token", "s3cret", "--max-clients", "3"]);
    onTestFinished(() => relay.stop().then(() => {}));
    const url = `ws://127.0.0.1:${relay.port}/`;
    const metrics = async () => (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    const idle = Array.from({ length: 20 }, () => new TestClient(url));
    await Promise.all(idle.map((client) => client.opened));
    // 8 may wait at once: each newcomer past that pushed out the one that had waited longest.
    expect(await metrics()).toMatchObject({ clients: 0, pending: 8, rejected: { unauthenticated: 12, full: 0 } });
    const pushedOut = await idle[0].next("error");
    expect(pushedOut).toMatchObject({ code: "RELAY_TOO_MANY_UNAUTHENTICATED" });
    expect((await idle[0].closed).code).toBe(1013);

    // A token holder gets in, by URL or by its first frame (which waits for a moment too).
    const byUrl = new TestClient(`${url}?token=s3cret`);
    await byUrl.next("hello");
    const byFrame = new TestClient(url);
    await byFrame.opened;
    byFrame.send({ type: "auth", token: "s3cret" });
    await byFrame.next("hello");
    const third = new TestClient(`${url}?token=s3cret`);
    await third.next("hello");
    expect(await metrics()).toMatchObject({ clients: 3, pending: 7, rejected: { unauthenticated: 13, full: 0 } });
    // The fourth client, not the idle sockets, finds the relay full.
    const fourth = new TestClient(`${url}?token=s3cret`);
    expect(await fourth.next("error")).toMatchObject({ code: "RELAY_TOO_MANY_CLIENTS" });
    expect((await fourth.closed).code).toBe(1013);

    for (const client of [...idle, byUrl, byFrame, third]) client.ws.terminate();
    expect(await relay.stop()).toBe(0);
  });
});
