import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { makeMt5SocketUpstream } from "../../../relay/upstream/mt5-socket.ts";
import { parseUpstreamMessage, upstreamAuthSchema } from "../../../src/core/protocol/relay.ts";
import { fakeExpert, helloClient, type RelayProcess, sleep, startRelayProcess } from "./harness.ts";

const SOURCE = readFileSync(new URL("../../../relay/mql5/PipscopeBridge.mq5", import.meta.url), "utf8");

/**
 * One of the EA's line builders as a JavaScript function. Each is a single `return` of string
 * literals, parameters and DoubleToString/IntegerToString joined by `+`, which reads the same in
 * JavaScript, so the test runs the EA's own expression instead of a copy of it.
 */
function mql5Function(name: string): (...args: unknown[]) => string {
  const match = new RegExp(`string ${name}\\(([^)]*)\\)\\s*\\{\\s*return ([\\s\\S]*?);\\s*\\}`).exec(SOURCE);
  if (!match) throw new Error(`${name} not found in the EA`);
  const params = match[1].split(",").map((param) => param.trim().split(/\s+/).at(-1) as string);
  const body = new Function("DoubleToString", "IntegerToString", "PROTOCOL_VERSION", ...params, `return ${match[2]};`);
  const doubleToString = (value: number, digits: number) => value.toFixed(digits);
  const version = Number(/#define PROTOCOL_VERSION (\d+)/.exec(SOURCE)?.[1]);
  return (...args) => body(doubleToString, String, version, ...args);
}

const authLine = mql5Function("AuthLine");
const tickLine = mql5Function("TickLine");
const positionJson = mql5Function("PositionJson");
const accountLine = mql5Function("AccountLine");

// MqlTick values as MT5 has them for an FX tick: no last price, no volume.
const EURUSD_TICK = [41, "EURUSD", 1.08512, 1.08524, 0, 0, 1718013600123, 6, 5] as const;

describe("the EA's lines", () => {
  it("are one JSON tick per line that the relay reads", () => {
    const line = tickLine(...EURUSD_TICK);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    expect(parseUpstreamMessage(JSON.parse(line))).toEqual({
      kind: "tick",
      tick: {
        symbol: "EURUSD",
        bid: 1.08512,
        ask: 1.08524,
        last: 0,
        volume: 0,
        time_msc: 1718013600123,
        flags: 6,
        digits: 5,
        n: 41,
      },
    });
  });

  it("begin with the auth line when RelayToken is set, which a relay without a token ignores", () => {
    const line = authLine("s3cret");
    expect(line).toBe('{"type":"auth","token":"s3cret"}\n');
    expect(upstreamAuthSchema.parse(JSON.parse(line))).toEqual({ type: "auth", token: "s3cret" });
    expect(parseUpstreamMessage(JSON.parse(line))).toEqual({ kind: "other", type: "auth" });
  });

  it("include an account snapshot with its positions that the relay reads", () => {
    const positions = [
      positionJson(101, "EURUSD", "buy", 0.1, 1.0852, 1.08512, 1.08, 0, -0.8, -0.35, 1718000000000, 5),
      positionJson(102, "USDJPY", "sell", 1, 157.25, 157.101, 0, 156.5, 94.8, 0, 1718000100000, 3),
    ].join(",");
    const line = accountLine(10000, 10093.65, 1606.1, 8487.55, "USD", positions, "");
    const message = parseUpstreamMessage(JSON.parse(line));
    expect(message).toMatchObject({
      kind: "account",
      account: {
        balance: 10000,
        equity: 10093.65,
        free_margin: 8487.55,
        currency: "USD",
        positions: [
          { ticket: 101, side: "buy", volume: 0.1, sl: 1.08, tp: 0, profit: -0.8, swap: -0.35 },
          { ticket: 102, side: "sell", price_open: 157.25, tp: 156.5 },
        ],
      },
    });
    expect(parseUpstreamMessage(JSON.parse(accountLine(500, 500, 0, 500, "EUR", "", "")))).toMatchObject({
      account: { positions: [] },
    });
  });
});

describe("the EA's line protocol over TCP", () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0"]);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  it("survives lines split across packets, several lines in one packet, and trailing NULs", async () => {
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    const expert = await fakeExpert(relay.upstreamPort as number);
    const lines = [0, 1, 2, 3].map((i) =>
      tickLine(i + 1, "EURUSD", 1.085 + i / 1e5, 1.0851 + i / 1e5, 0, 0, 1718013600000 + i, 6, 5),
    );
    const bytes = Buffer.from(`${lines[0]}\0${lines[1]}${lines[2]}\0\0${lines[3]}`);
    // Cut into packets at awkward places: inside a key, inside a number, between "\n" and NUL.
    const cuts = [0, 7, 30, lines[0].length, lines[0].length + 1, lines[0].length + 40, bytes.length - 3, bytes.length];
    for (let i = 1; i < cuts.length; i++) {
      expert.write(bytes.subarray(cuts[i - 1], cuts[i]));
      await sleep(20);
    }
    await client.until((frames) => frames.filter((f) => f.type === "tick").length === 4);
    expect(client.ticks().map((t) => [t.data.bid, t.data.time_msc])).toEqual([
      [1.085, 1718013600000],
      [1.08501, 1718013600001],
      [1.08502, 1718013600002],
      [1.08503, 1718013600003],
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
    expect(metrics.upstream.bad_messages).toBe(0);
    expert.destroy();
    await client.close();
  });
});

/** Resolves once the relay has closed `socket`. */
const closedByRelay = (socket: Socket) => new Promise<void>((resolve) => socket.once("close", () => resolve()));

describe("the EA's port with --upstream-token", () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0", "--upstream-token", "s3cret"]);
  });
  afterAll(async () => {
    await relay?.stop();
  });
  const metrics = async () => (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).json();
  const eurusd = (i: number) =>
    tickLine(i + 1, "EURUSD", 1.085 + i / 1e5, 1.0851 + i / 1e5, 0, 0, 1718013600000 + i, 6, 5);

  it("relays the ticks of an EA whose first line is its auth line", async () => {
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["EURUSD"] });
    await client.next("subscribed");
    const expert = await fakeExpert(relay.upstreamPort as number);
    expert.write(authLine("s3cret") + eurusd(0) + eurusd(1));
    await client.until((frames) => frames.filter((f) => f.type === "tick").length === 2);
    expect((await metrics()).upstream).toMatchObject({ state: "connected", experts: 1, refused: 0, token: true });
    expert.destroy();
    await client.close();
  });

  it("drops a process that sends ticks without the token, or a wrong one, and relays none of them", async () => {
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["EURUSD"] });
    await client.next("subscribed");
    const intruders = await Promise.all([
      fakeExpert(relay.upstreamPort as number),
      fakeExpert(relay.upstreamPort as number),
    ]);
    const dropped = intruders.map(closedByRelay);
    intruders[0].write(eurusd(2) + eurusd(3));
    intruders[1].write(authLine("guess") + eurusd(4));
    await Promise.all(dropped);
    await sleep(100);
    expect(client.ticks()).toEqual([]);
    expect((await metrics()).upstream).toMatchObject({ refused: 2, bad_messages: 0 });
    expect(relay.logs.filter((l) => l.event === "upstream_refused")).toHaveLength(2);
    await client.close();
  });
});

describe("the EA's port when a connection stays silent", () => {
  it("drops a connection that sends no auth line in time, and counts it", async () => {
    const refused: string[] = [];
    const upstream = makeMt5SocketUpstream(0, { token: "s3cret", authTimeoutMs: 100 });
    onTestFinished(() => upstream.stop());
    await upstream.start({
      tick: () => {},
      account: () => {},
      state: () => {},
      bad: () => {},
      refused: (reason) => refused.push(reason),
      relayId: "test",
      history: () => {},
    });
    const port = Number(String(upstream.info().listen).split(":").at(-1));
    const silent = await fakeExpert(port);
    await closedByRelay(silent);
    expect(refused).toEqual([expect.stringContaining("no auth line within 100 ms")]);
  });
});
