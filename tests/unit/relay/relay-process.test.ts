import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  fakeExpert,
  helloClient,
  type RelayProcess,
  sleep,
  startRelayProcess,
  TestClient,
  tickLine,
} from "./harness.ts";

const T0 = Date.UTC(2024, 5, 10, 12);

/** Writes `count` ticks cycling through `symbols`, returns the last time used. */
function feed(expert: Socket, count: number, symbols: string[], from = 0): void {
  let text = "";
  for (let i = 0; i < count; i++) text += tickLine(symbols[i % symbols.length], 1.1 + (from + i) * 1e-5, T0 + from + i);
  expert.write(text);
}

describe("relay process fed by an EA over mt5-socket", () => {
  let relay: RelayProcess;
  let expert: Socket;

  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    expert = await fakeExpert(relay.upstreamPort as number);
  });
  afterAll(async () => {
    expert?.destroy();
    await relay?.stop();
  });

  it("fans each tick out to every client subscribed to its symbol, in seq order", async () => {
    const [all, euro, yen] = await Promise.all([helloClient(relay), helloClient(relay), helloClient(relay)]);
    all.send({ type: "subscribe", symbols: ["*"] });
    euro.send({ type: "subscribe", symbols: ["EURUSD"] });
    yen.send({ type: "subscribe", symbols: ["USDJPY"] });
    await Promise.all([all, euro, yen].map((c) => c.next("subscribed")));
    const start = (all.frames[0] as { seq: number }).seq;
    feed(expert, 30, ["EURUSD", "USDJPY", "GBPUSD"]);
    await all.until((f) => f.filter((x) => x.type === "tick").length === 30);
    await euro.until((f) => f.filter((x) => x.type === "tick").length === 10);
    await yen.until((f) => f.filter((x) => x.type === "tick").length === 10);
    expect(all.ticks().map((t) => t.seq)).toEqual(Array.from({ length: 30 }, (_, i) => start + 1 + i));
    expect(euro.ticks().map((t) => t.seq)).toEqual(Array.from({ length: 10 }, (_, i) => start + 1 + 3 * i));
    expect(yen.ticks().every((t) => t.data.symbol === "USDJPY")).toBe(true);
    expect(euro.ticks()[0].data).toMatchObject({
      symbol: "EURUSD",
      bid: 1.1,
      ask: 1.1002,
      spread: 2,
      last: null,
      time: "2024-06-10T12:00:00.000Z",
    });
    await Promise.all([all, euro, yen].map((c) => c.close()));
  });

  it("keeps delivering to fast clients while one client stops reading, then conflates what that one missed", async () => {
    const fast = [await helloClient(relay), await helloClient(relay)];
    const slow = await helloClient(relay);
    for (const client of [...fast, slow]) client.send({ type: "subscribe", symbols: ["*"] });
    await Promise.all([...fast, slow].map((c) => c.next("subscribed")));
    const first = ((await slow.next("hello")) as { seq: number }).seq + 1;
    slow.ws.pause();
    const count = 60_000;
    feed(expert, count, ["EURUSD", "USDJPY", "GBPUSD", "XAUUSD"], 100);
    for (const client of fast) await client.until((f) => f.filter((x) => x.type === "tick").length === count, 20_000);
    for (const client of fast) {
      const seqs = client.ticks().map((t) => t.seq);
      expect(seqs[0]).toBe(first);
      expect(seqs.at(-1)).toBe(first + count - 1);
      expect(client.frames.some((f) => f.type === "dropped")).toBe(false);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.ticks_out).toBeLessThan(3 * count);
    await sleep(2500); // longer than the relay's 2 s stall limit
    slow.ws.resume();
    const last = first + count - 1;
    await slow.until((f) => f.some((x) => x.type === "tick" && x.seq === last), 20_000);
    const dropped = slow.frames.filter((f) => f.type === "dropped");
    expect(dropped.length).toBeGreaterThan(0);
    const missed = dropped.reduce((sum, f) => sum + (f.type === "dropped" ? f.count : 0), 0);
    expect(slow.ticks().length + missed).toBe(count);
    const seqs = slow.ticks().map((t) => t.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await Promise.all([...fast, slow].map((c) => c.close()));
  });

  it("answers each bad frame with an error code and stays up", async () => {
    const client = await helloClient(relay);
    const errors = () => client.frames.filter((f) => f.type === "error").map((f) => (f.type === "error" ? f.code : ""));
    client.send("{not json");
    client.send({ type: "subscribe", symbols: "EURUSD" });
    client.send({ type: "subscribe", symbols: [42] });
    client.send({ type: "resume", seq: "7" });
    client.send({ type: "order", symbol: "EURUSD" });
    client.send([1, 2]);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    client.send({ type: "ping", id: "x".repeat(20_000) });
    client.send({ type: "ping", id: 1 });
    await client.next("pong");
    expect(errors()).toEqual([
      "RELAY_BAD_JSON",
      "RELAY_BAD_FRAME",
      "RELAY_BAD_FRAME",
      "RELAY_BAD_FRAME",
      "RELAY_UNKNOWN_TYPE",
      "RELAY_BAD_FRAME",
      "RELAY_BAD_FRAME",
      "RELAY_FRAME_TOO_LARGE",
    ]);
    const bad = client.frames.find((f) => f.type === "error" && f.code === "RELAY_UNKNOWN_TYPE");
    expect(bad).toMatchObject({ message: expect.stringContaining("subscribe, unsubscribe, ping, resume") });
    expect(client.frames.find((f) => f.type === "error" && f.message.startsWith("subscribe: symbols"))).toBeDefined();
    await client.close();
  });

  it("logs a flood of bad frames as a few lines a second and a count of the rest", async () => {
    const client = await helloClient(relay);
    const from = relay.logs.length;
    const flood = 3000;
    for (let i = 0; i < flood; i++) client.send("{not json");
    await client.until((frames) => frames.filter((f) => f.type === "error").length === flood);
    await sleep(1100); // the count of what was left out is written at the end of its second
    const lines = relay.logs.slice(from).filter((l) => l.event === "bad_frame");
    const written = lines.filter((l) => l.suppressed === undefined).length;
    const suppressed = lines.reduce((sum, l) => sum + ((l.suppressed as number | undefined) ?? 0), 0);
    expect(written + suppressed).toBe(flood);
    expect(lines.length).toBeLessThan(50);
    await client.close();
  });

  it("refuses a subscribe that would pass 1,000 symbols with RELAY_TOO_MANY_SYMBOLS, keeping the subscription", async () => {
    const client = await helloClient(relay);
    const names = (from: number) => Array.from({ length: 250 }, (_, i) => `SYM${from + i}`);
    for (let k = 0; k < 5; k++) client.send({ type: "subscribe", symbols: names(k * 250) });
    await client.until((frames) => frames.filter((f) => f.type === "subscribed" || f.type === "error").length === 5);
    const answers = client.frames.filter((f) => f.type === "subscribed" || f.type === "error");
    expect(answers.map((f) => (f.type === "subscribed" ? f.symbols.length : f.code))).toEqual([
      250,
      500,
      750,
      1000,
      "RELAY_TOO_MANY_SYMBOLS",
    ]);
    expect(answers[4]).toMatchObject({ message: expect.stringContaining("at most 1000 symbols") });
    await client.close();
  });

  it("closes a connection that sends a 10 MB frame with 1009, unread, and serves the others on", async () => {
    const bystander = await helloClient(relay);
    const offender = await helloClient(relay);
    offender.send(JSON.stringify({ type: "ping", id: "x".repeat(10 * 1024 * 1024) }));
    expect((await offender.closed).code).toBe(1009);
    bystander.send({ type: "ping", id: 2 });
    expect(await bystander.next("pong")).toMatchObject({ id: 2 });
    await bystander.close();
  });

  it("resumes a reconnecting client with exactly the ticks it missed", async () => {
    const client = await helloClient(relay);
    const hello = client.frames[0] as { relay_id: string; seq: number };
    client.send({ type: "subscribe", symbols: ["EURUSD"] });
    await client.next("subscribed");
    feed(expert, 10, ["EURUSD", "USDJPY"], 200_000);
    await client.until((f) => f.filter((x) => x.type === "tick").length === 5);
    const lastSeen = client.ticks().at(-1)?.seq as number;
    await client.close();
    feed(expert, 10, ["EURUSD", "USDJPY"], 200_010); // missed while away
    const watcher = await helloClient(relay);
    watcher.send({ type: "subscribe", symbols: ["*"] });
    await watcher.next("subscribed");
    await sleep(200);
    const again = await helloClient(relay);
    again.send({ type: "resume", seq: lastSeen, relay_id: hello.relay_id });
    again.send({ type: "subscribe", symbols: ["EURUSD"] });
    expect(await again.next("resumed")).toEqual({
      type: "resumed",
      seq: lastSeen,
      from_seq: lastSeen + 1,
      complete: true,
    });
    feed(expert, 2, ["EURUSD", "USDJPY"], 200_020);
    await again.until((f) => f.filter((x) => x.type === "tick").length === 6);
    await sleep(100);
    const seqs = again.ticks().map((t) => t.seq);
    expect(seqs).toEqual([2, 4, 6, 8, 10, 12].map((k) => lastSeen + k));
    expect(again.ticks().map((t) => t.data.time_msc)).toEqual([10, 12, 14, 16, 18, 20].map((k) => T0 + 200_000 + k));
    await Promise.all([again.close(), watcher.close()]);
  });

  it("relays the EA's account snapshots as balance and position updates", async () => {
    const client = await helloClient(relay);
    const snapshot = {
      type: "account",
      balance: 10000,
      equity: 10004.2,
      margin: 21.9,
      free_margin: 9982.3,
      currency: "USD",
      positions: [{ ticket: 77, symbol: "EURUSD", side: "sell", volume: 0.2, price_open: 1.0952, profit: 4.2 }],
    };
    expert.write(`${JSON.stringify(snapshot)}\n\0`);
    const balance = await client.next("account");
    expect(balance.data).toMatchObject({ event: "balance_update", equity: 10004.2, currency: "USD" });
    await client.until((f) => f.filter((x) => x.type === "account").length === 2);
    expect(client.frames.filter((f) => f.type === "account")[1]).toMatchObject({
      data: { event: "position_update", positions: [{ ticket: 77, side: "sell", sl: 0 }] },
    });
    await client.close();
  });

  it("skips upstream lines that do not parse, counting them, and keeps reading", async () => {
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["NZDUSD"] });
    await client.next("subscribed");
    expert.write('garbage\n{"type":"tick","symbol":"NZDUSD","bid":-1,"ask":1,"time_msc":1}\n');
    expert.write(tickLine("NZDUSD", 0.6, T0));
    const tick = await client.next("tick");
    expect(tick.data.symbol).toBe("NZDUSD");
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream.bad_messages).toBe(2);
    await client.close();
  });

  it("skips ticks stamped in nanoseconds, in 1969 or with ask below bid, counting them, and stays up", async () => {
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["AUDUSD"] });
    await client.next("subscribed");
    const before = (await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json()).upstream.bad_messages;
    const bad = [
      { time_msc: T0 * 1e6, bid: 0.66, ask: 0.6602 }, // a bridge in nanoseconds: new Date() throws on it
      { time: 8.64e12, bid: 0.66, ask: 0.6602 },
      { time_msc: -1000, bid: 0.66, ask: 0.6602 },
      { time_msc: T0, bid: 0.6602, ask: 0.66 },
    ];
    for (const fields of bad) expert.write(`${JSON.stringify({ type: "tick", symbol: "AUDUSD", ...fields })}\n`);
    expert.write(tickLine("AUDUSD", 0.66, T0));
    const tick = await client.next("tick");
    expect(tick.data).toMatchObject({ symbol: "AUDUSD", bid: 0.66, time: "2024-06-10T12:00:00.000Z" });
    expect(client.ticks()).toHaveLength(1);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream.bad_messages - before).toBe(4);
    expect(relay.child.exitCode).toBeNull();
    await client.close();
  });

  it("reports health and metrics over HTTP", async () => {
    const health = await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json();
    expect(health).toMatchObject({ status: "ok", upstream: "connected" });
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics).toMatchObject({
      clients: expect.any(Number),
      ticks_in: expect.any(Number),
      ticks_out: expect.any(Number),
      dropped: expect.any(Number),
      upstream: { source: "mt5-socket:0", state: "connected", experts: 1 },
    });
    expect(metrics.dropped).toBeGreaterThan(0); // the slow client's
    // The counts of bad input, from the tests above, show on /health too.
    expect(metrics.upstream.bad_messages).toBeGreaterThan(0);
    expect(metrics.bad_frames).toBeGreaterThan(0);
    expect(health).toMatchObject({
      upstream_bad_messages: metrics.upstream.bad_messages,
      upstream_refused: 0,
      bad_frames: metrics.bad_frames,
    });
    expect((await fetch(`http://127.0.0.1:${relay.port}/nope`)).status).toBe(404);
  });
});

describe("relay process when the EA goes away", () => {
  it("keeps its clients, says the upstream is connecting, drops the half line, and goes on when the EA is back", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0", "--heartbeat-ms", "300"]);
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["EURUSD"] });
    await client.next("subscribed");
    const first = await fakeExpert(relay.upstreamPort as number);
    first.write(tickLine("EURUSD", 1.1, T0));
    await client.until(() => client.ticks().length === 1);
    // MT5 closes (or the EA is removed) in the middle of a line.
    first.end(tickLine("EURUSD", 1.2, T0 + 1).slice(0, 20));
    await client.until(() => client.frames.some((f) => f.type === "heartbeat" && f.upstream === "connecting"));
    const health = await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json();
    expect(health).toMatchObject({ upstream: "connecting", clients: 1 });
    const second = await fakeExpert(relay.upstreamPort as number);
    second.write(tickLine("EURUSD", 1.3, T0 + 2));
    await client.until(() => client.ticks().length === 2);
    expect(client.ticks().map((t) => [t.seq, t.data.bid])).toEqual([
      [1, 1.1],
      [2, 1.3],
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream).toMatchObject({ state: "connected", experts: 1, bad_messages: 1 });
    second.destroy();
    await client.close();
    expect(await relay.stop()).toBe(0);
  });
});

describe("relay process fed endless new symbols", () => {
  it("relays the first 5,000 symbols and skips ticks of any other, counting them", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    onTestFinished(() => relay.stop().then(() => {}));
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    const expert = await fakeExpert(relay.upstreamPort as number);
    let text = "";
    for (let i = 0; i < 5010; i++) text += tickLine(`N${i}`, 1.1, T0 + i);
    expert.write(text + tickLine("N0", 1.2, T0 + 5010));
    await client.until((f) => f.filter((x) => x.type === "tick").length === 5001);
    expect(client.ticks().at(-1)?.data).toMatchObject({ symbol: "N0", bid: 1.2 });
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream.bad_messages).toBe(10);
    expert.destroy();
    await client.close();
    expect(await relay.stop()).toBe(0);
  });
});

describe("relay process restarted", () => {
  it("answers a resume from before the restart incomplete, with or without the old relay_id", async () => {
    const feedTicks = async (relay: RelayProcess, count: number) => {
      const watcher = await helloClient(relay);
      watcher.send({ type: "subscribe", symbols: ["*"] });
      await watcher.next("subscribed");
      const expert = await fakeExpert(relay.upstreamPort as number);
      feed(expert, count, ["EURUSD"]);
      await watcher.until((f) => f.filter((x) => x.type === "tick").length === count);
      expert.destroy();
      await watcher.close();
      return (watcher.frames[0] as { relay_id: string }).relay_id;
    };
    const first = await startRelayProcess(["--source", "mt5-socket:0"]);
    onTestFinished(() => first.stop().then(() => {}));
    const oldRelayId = await feedTicks(first, 10);
    expect(await first.stop()).toBe(0);
    const second = await startRelayProcess(["--source", "mt5-socket:0"]);
    onTestFinished(() => second.stop().then(() => {}));
    const newRelayId = await feedTicks(second, 20);
    expect(newRelayId).not.toBe(oldRelayId);
    const resume = async (frame: object) => {
      const client = await helloClient(second);
      client.send(frame);
      const answer = await client.next("resumed");
      await client.close();
      return answer;
    };
    // Seq 10 of the old run: its later ticks are gone, whatever seq 11–20 of this run hold.
    expect(await resume({ type: "resume", seq: 10 })).toMatchObject({ from_seq: 11, complete: false });
    expect(await resume({ type: "resume", seq: 10, relay_id: oldRelayId })).toMatchObject({
      from_seq: 21,
      complete: false,
    });
    expect(await resume({ type: "resume", seq: 10, relay_id: newRelayId })).toMatchObject({
      from_seq: 11,
      complete: true,
    });
    expect(await second.stop()).toBe(0);
  });
});

describe("relay process admission", () => {
  let relay: RelayProcess;

  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0", "--token", "s3cret"]);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  const url = (query = "") => `ws://127.0.0.1:${relay.port}/${query}`;

  it("lets a token in by query parameter or first message", async () => {
    const byQuery = new TestClient(url("?token=s3cret"));
    expect((await byQuery.next("hello")).type).toBe("hello");
    const byMessage = new TestClient(url());
    await byMessage.opened;
    byMessage.send({ type: "auth", token: "s3cret" });
    expect((await byMessage.next("hello")).type).toBe("hello");
    await Promise.all([byQuery.close(), byMessage.close()]);
  });

  it("refuses a wrong or missing token with an error frame and 1008", async () => {
    const wrong = new TestClient(url("?token=guess"));
    expect(await wrong.next("error")).toMatchObject({ code: "RELAY_AUTH_FAILED" });
    expect((await wrong.closed).code).toBe(1008);
    const missing = new TestClient(url());
    await missing.opened;
    missing.send({ type: "subscribe", symbols: ["*"] });
    expect(await missing.next("error")).toMatchObject({ code: "RELAY_AUTH_REQUIRED" });
    expect((await missing.closed).code).toBe(1008);
    expect(wrong.frames.some((f) => f.type === "hello")).toBe(false);
  });

  it("refuses a page from another site with HTTP 403 and lets loopback pages in", async () => {
    const evil = new TestClient(url("?token=s3cret"), { origin: "https://evil.example" });
    await expect(evil.opened).rejects.toThrow("HTTP 403");
    const local = new TestClient(url("?token=s3cret"), { origin: "http://127.0.0.1:4173" });
    await local.next("hello");
    await local.close();
  });

  it("turns away the 11th client (--max-clients 10 by default) with an error frame and 1013", async () => {
    const admitted = Array.from({ length: 10 }, () => new TestClient(url("?token=s3cret")));
    await Promise.all(admitted.map((c) => c.next("hello")));
    const extra = new TestClient(url("?token=s3cret"));
    expect(await extra.next("error")).toMatchObject({ code: "RELAY_TOO_MANY_CLIENTS" });
    expect((await extra.closed).code).toBe(1013);
    await admitted[0].close();
    await sleep(100);
    const next = new TestClient(url("?token=s3cret"));
    await next.next("hello");
    await Promise.all([...admitted.slice(1), next].map((c) => c.close()));
  });
});

describe("relay process heartbeat and shutdown", () => {
  it("sends heartbeats, ends a peer that stops answering pings, and closes with 1001 on SIGTERM", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0", "--heartbeat-ms", "200"]);
    const live = await helloClient(relay);
    const silent = await helloClient(relay);
    silent.ws.pause(); // reads nothing, so it answers no ping
    const beat = await live.next("heartbeat");
    expect(beat).toMatchObject({ upstream: "connecting", seq: 0 });
    await live.until(() => relay.logs.some((l) => l.event === "client_dead"), 5000);
    const health = await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json();
    expect(health.clients).toBe(1);
    expect(await relay.stop("SIGTERM")).toBe(0);
    expect((await live.closed).code).toBe(1001);
    expect(relay.logs.map((l) => l.event)).toContain("stopped");
  });
});
