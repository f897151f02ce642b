/**
 * Fuzzes a real relay process through both MT5 upstreams: over 100k random and structured-malformed
 * EA lines on the mt5-socket port, and as many bridge frames from a fake bridge on mt5-ws. Every
 * bad message must be skipped and counted exactly once, the process must stay up, and the valid
 * ticks mixed in (some at the edges of the ranges) must reach a client, in order, as frames that
 * pass the protocol's schema. The seed is random per run and named in every failure message.
 */
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { UPSTREAM_TIME_MAX_MS } from "../../../src/core/protocol/relay.ts";
import { fakeExpert, helloClient, type RelayProcess, startRelayProcess, type TestClient } from "./harness.ts";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BAD_LINES = 100_000;
const BAD_FRAMES = 100_000;
/** A valid tick goes in after every this many bad messages. */
const VALID_EVERY = 5_000;
/** A line over the 64 KiB bound goes in as every this many-th bad line. */
const OVERLONG_EVERY = 20_000;
const T0 = Date.UTC(2024, 5, 10, 12);

/** mulberry32: a small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof random>;

const GOOD_TICK = { type: "tick", symbol: "EURUSD", bid: 1.0851, ask: 1.0852, time_msc: T0, flags: 6, digits: 5 };

/** One change to a good tick that makes it invalid, whatever else it holds. */
const TICK_BREAKERS: ((tick: Record<string, unknown>, rng: Random) => unknown)[] = [
  (t) => ({ ...t, time_msc: T0 * 1e6 }), // nanoseconds
  (t) => ({ ...t, time_msc: T0 * 1e3 }), // microseconds
  (t) => ({ ...t, time_msc: 8.64e15 + 1 }),
  (t) => ({ ...t, time_msc: -1 }),
  (t) => ({ ...t, time_msc: "1718020800000" }),
  (t) => ({ ...t, time_msc: undefined, time: 8.64e12 }),
  (t) => ({ ...t, time_msc: undefined, time: T0 }), // ms sent as seconds
  (t) => ({ ...t, time_msc: undefined, time: "2024-02-30T00:00:00Z" }),
  (t) => ({ ...t, time_msc: undefined, time: "1969-12-31T23:59:59.999Z" }),
  (t) => ({ ...t, time_msc: undefined, time: "2200-01-01T00:00:00.001Z" }),
  (t) => ({ ...t, time_msc: undefined, time: "2024-06-10 12:00:00" }),
  (t) => ({ ...t, time_msc: undefined }),
  (t) => ({ ...t, bid: -1.0851 }),
  (t) => ({ ...t, bid: 0 }),
  (t) => ({ ...t, bid: "1.0851" }),
  (t) => ({ ...t, bid: null }),
  (t) => ({ ...t, bid: 2e12, ask: 2e12 }),
  (t) => ({ ...t, ask: 1.085 }), // below bid: a negative spread
  (t) => ({ ...t, ask: [1.0852] }),
  (t) => ({ ...t, symbol: "" }),
  (t) => ({ ...t, symbol: "EUR USD" }),
  (t) => ({ ...t, symbol: "X".repeat(33) }),
  (t) => ({ ...t, symbol: 42 }),
  (t) => ({ ...t, symbol: undefined }),
  (t) => ({ ...t, flags: -1 }),
  (t) => ({ ...t, flags: 1.5 }),
  (t) => ({ ...t, digits: 11 }),
  (t) => ({ ...t, last: -1 }),
  (t) => ({ ...t, volume: -5 }),
  (t) => ({ ...t, type: "tik" }),
  (t) => ({ ...t, type: undefined }),
  (t) => ({ ...t, type: 7 }),
  (t) => [t],
  (t) => ({ type: "tick", data: { ...t, bid: "NaN" } }),
  () => ({ type: "tick", data: null }),
  () => ({ type: "account", balance: "x", equity: 1, margin: 0, free_margin: 1 }),
  () => ({ type: "account", balance: 1, equity: 1, margin: 0, free_margin: 1, positions: [{ ticket: "1" }] }),
  () => ({ type: "account", balance: 1, equity: 1, margin: 0, free_margin: 1, positions: {} }),
  (_, rng) => rng.pick([null, 0, "tick", true, [], {}]),
];

/** JSON texts no schema accepts, each as its own special case. */
const RAW_BREAKERS: ((rng: Random) => string)[] = [
  (rng) => JSON.stringify(GOOD_TICK).slice(0, 1 + rng.int(80)), // cut short
  (rng) => `{"type":"tick","data":${"[".repeat(1 + rng.int(20_000))}${"]".repeat(1 + rng.int(20_000))}}`,
  (rng) => `${"[".repeat(1 + rng.int(20_000))}`,
  () => `{"type":"tick","symbol":"EURUSD","bid":1${"0".repeat(400)},"ask":1,"time_msc":1}`, // 1e400: Infinity
  () => `{"type":"tick","__proto__":{"symbol":"EURUSD"},"bid":1.1,"ask":1.2,"time_msc":${T0}}`,
  () => `{"type":"tick","symbol":"EURUSD","bid":1.1,"ask":1.2,"time_msc":${T0},}`,
  () => "NaN",
  () => "\uFEFF{}",
];

/** Random bytes that are never blank (blank lines are skipped, not counted) and hold no line end. */
function randomBytes(rng: Random): Buffer {
  const length = 1 + rng.int(300);
  const bytes = Buffer.alloc(length);
  const alphabet = '{}[]":,0123456789.-eE tickbidasymol\\';
  for (let i = 0; i < length; i++) {
    const kind = rng.int(3);
    bytes[i] =
      kind === 0 ? alphabet.charCodeAt(rng.int(alphabet.length)) : kind === 1 ? 32 + rng.int(95) : 1 + rng.int(255);
    if (bytes[i] === 10) bytes[i] = 11;
  }
  bytes[0] = "x{[0".charCodeAt(rng.int(4));
  return bytes;
}

/** One bad upstream message: random bytes, a broken good tick, or a hand-made trap. */
function badMessage(rng: Random): Buffer {
  const roll = rng.next();
  if (roll < 0.4) return randomBytes(rng);
  if (roll < 0.9) return Buffer.from(JSON.stringify(rng.pick(TICK_BREAKERS)(GOOD_TICK, rng)));
  return Buffer.from(rng.pick(RAW_BREAKERS)(rng));
}

/** Valid ticks at the edges of what the relay accepts; the i-th is sent after the i-th block of bad input. */
function validTick(i: number): string {
  const edges = [
    { symbol: "__proto__", bid: 1.1, ask: 1.1, time_msc: 0 },
    { symbol: "constructor", bid: 1e12, ask: 1e12, time_msc: UPSTREAM_TIME_MAX_MS, digits: 10, flags: 2 ** 31 },
    { symbol: "X.y#1-_", bid: 5e-324, ask: 1e12, time: UPSTREAM_TIME_MAX_MS / 1000, digits: 10, volume: 1e300 },
    { symbol: "EURUSD", bid: 1.0851, ask: 1.0852, time: "1970-01-01T00:00:00.000-01:00", last: 1e12 },
  ];
  const edge = edges[i % edges.length];
  return JSON.stringify({ type: "tick", ...edge, seq_in_test: i });
}

/** Waits for the client to hold `count` ticks and returns their symbols, in order; fails at once if the relay dies. */
async function ticksSeen(relay: RelayProcess, client: TestClient, count: number): Promise<string[]> {
  const died = once(relay.child, "exit").then(([code]) => {
    throw new Error(`the relay exited with ${code} (FUZZ_SEED=${SEED})`);
  });
  died.catch(() => {}); // its exit at the end of the test, once the ticks are in, is no failure
  await Promise.race([client.until((frames) => frames.filter((f) => f.type === "tick").length >= count, 45_000), died]);
  return client.ticks().map((t) => t.data.symbol);
}

const json = async (relay: RelayProcess, path: string) => (await fetch(`http://127.0.0.1:${relay.port}${path}`)).json();

describe(`upstream fuzz (FUZZ_SEED=${SEED})`, () => {
  const relays: RelayProcess[] = [];
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
  });

  it("skips and counts 100k bad EA lines, refuses intruders, and relays every valid tick among them", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0", "--upstream-token", "fuzz"]);
    relays.push(relay);
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");

    const intruders = [await fakeExpert(relay.upstreamPort as number), await fakeExpert(relay.upstreamPort as number)];
    intruders[0].write(`${JSON.stringify(GOOD_TICK)}\n`);
    intruders[1].write('{"type":"auth","token":"guess"}\n');
    await Promise.all(intruders.map((socket) => once(socket, "close")));

    const rng = random(SEED);
    const pieces: Buffer[] = [Buffer.from('{"type":"auth","token":"fuzz"}\n')];
    let valid = 0;
    for (let i = 1; i <= BAD_LINES; i++) {
      // Now and then a line over 64 KiB, which must cost one count and no memory.
      if (i % OVERLONG_EVERY === 0) pieces.push(Buffer.alloc(64 * 1024 + 1 + rng.int(200_000), "x"));
      else pieces.push(badMessage(rng));
      pieces.push(Buffer.from(rng.pick(["\n", "\r\n", "\n\0", "\0"])));
      if (i % VALID_EVERY === 0) pieces.push(Buffer.from(`${validTick(valid++)}\n`));
    }
    const stream = Buffer.concat(pieces);
    const expert = await fakeExpert(relay.upstreamPort as number);
    // Cut anywhere, so lines and UTF-8 characters arrive in pieces.
    for (let offset = 0; offset < stream.length; ) {
      const size = 1 + rng.int(64 * 1024);
      if (!expert.write(stream.subarray(offset, offset + size))) await once(expert, "drain");
      offset += size;
    }

    const symbols = await ticksSeen(relay, client, valid);
    expect(symbols, `seed ${SEED}`).toEqual(
      Array.from({ length: valid }, (_, i) => JSON.parse(validTick(i)).symbol as string),
    );
    const metrics = await json(relay, "/metrics");
    expect(metrics.upstream, `seed ${SEED}`).toMatchObject({
      bad_messages: BAD_LINES,
      refused: 2,
      experts: 1,
      state: "connected",
    });
    expect(await json(relay, "/health")).toMatchObject({ status: "ok", upstream_bad_messages: BAD_LINES });
    expect(relay.child.exitCode).toBeNull();
    expert.destroy();
    await client.close();
  }, 60_000);

  it("skips and counts 100k bad bridge frames, an oversized and a non-UTF-8 one, and relays every valid tick", async () => {
    const rng = random(SEED ^ 0x5bd1e995);
    let valid = 0;
    let binary = 0;
    const bridge = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(bridge, "listening");
    let connections = 0;
    let clientSubscribed!: () => void;
    const ready = new Promise<void>((resolve) => {
      clientSubscribed = resolve;
    });
    bridge.on("connection", (ws: WebSocket) => {
      const index = connections++;
      // A bridge that understands '*', as the relay's own hello says; the relay subscribes with it.
      ws.send(JSON.stringify({ type: "hello", features: ["subscribe_all"] }));
      ws.once("message", async () => {
        // After the relay's subscribe, and once the client listens: the flood, then a frame
        // that breaks the connection.
        await ready;
        if (index === 0) {
          for (let i = 1; i <= BAD_FRAMES; i++) {
            if (rng.next() < 0.02) {
              ws.send(randomBytes(rng), { binary: true });
              binary++;
            } else ws.send(badMessage(rng).toString("utf8"));
            if (i % VALID_EVERY === 0) ws.send(JSON.stringify({ type: "tick", data: JSON.parse(validTick(valid++)) }));
          }
          ws.send("x".repeat(64 * 1024 + 1)); // one byte over: refused unread, the connection closes with 1009
        } else if (index === 1) {
          ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }); // a text frame that is not UTF-8
        } else {
          ws.send(JSON.stringify({ type: "tick", data: JSON.parse(validTick(valid++)) }));
        }
      });
    });
    const port = (bridge.address() as { port: number }).port;
    const relay = await startRelayProcess(["--source", `mt5-ws:ws://127.0.0.1:${port}`]);
    relays.push(relay);
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    clientSubscribed();

    // The valid ticks of the flood and the one on the third connection.
    const expected = BAD_FRAMES / VALID_EVERY + 1;
    const symbols = await ticksSeen(relay, client, expected);
    expect(symbols, `seed ${SEED}`).toEqual(
      Array.from({ length: expected }, (_, i) => JSON.parse(validTick(i)).symbol as string),
    );
    const metrics = await json(relay, "/metrics");
    expect(metrics.upstream, `seed ${SEED}`).toMatchObject({
      bad_messages: BAD_FRAMES + 2,
      connections: 3,
      state: "connected",
    });
    expect(binary).toBeGreaterThan(0);
    expect(relay.child.exitCode).toBeNull();
    await client.close();
    for (const ws of bridge.clients) ws.terminate();
    await new Promise((resolve) => bridge.close(resolve));
  }, 60_000);
});
