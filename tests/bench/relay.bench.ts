/**
 * The relay under load, on loopback only (issue 9): a relay process fed through its mt5-socket
 * upstream by this process (playing the EA), and 10 WebSocket clients here subscribed to every
 * symbol. Every run is bounded in ticks and in time and stops by itself.
 * - Latency: ticks at 1k/s for 3 s; added latency = client receive − relay receive
 *   (`received_msc`, the relay's clock; both processes read the same monotonic clock anchored at
 *   their start, which agree to ~0.05 ms on one machine). p50 and p99 over all deliveries.
 * - Throughput: 100k ticks written as fast as the socket takes them; deliveries/s from the first
 *   write to the last tick at the last client. Baseline: a bare `ws` server that forwards each
 *   line to every client without parsing, numbering or buffer policy, the floor any relay pays.
 * - Drops: ticks conflated away from these clients, which keep up; the budget is none.
 * - Subscribe flood: the latency run again while an 11th client sends 6,200 subscribe frames and
 *   5,000 pings and reads none of the answers (issue 17). The relay's peak RSS (VmHWM) against its
 *   RSS just before must stay within 1.5× (the band perspective's leak tests keep); the p99 of
 *   the 10 clients that read is reported next to the run without the flood.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, connect as tcpConnect } from "node:net";
import { createInterface } from "node:readline";
import WebSocket, { WebSocketServer } from "ws";
import { floodRequests, processMemory } from "../unit/relay/harness.ts";
import { type Benchmark, median } from "./harness.ts";

const CLIENTS = 10;
const SYMBOLS = ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD"];
const RUNS = 3;
const LATENCY_RATE = 1000;
const LATENCY_SECONDS = 3;
const THROUGHPUT_TICKS = 100_000;
/** A run that has not finished by then fails instead of hanging. */
const RUN_TIMEOUT_MS = 60_000;
const ROOT = new URL("../../", import.meta.url).pathname;

const nowMsc = () => performance.timeOrigin + performance.now();

interface Target {
  /** The server process. */
  pid: number;
  /** Downstream WebSocket port. */
  port: number;
  /** The port the EA writes lines to. */
  upstreamPort: number;
  stop(): Promise<void>;
}

/** Spawns a server process and reads its ports from the first stdout line that names them. */
function spawnTarget(
  args: string[],
  ports: (line: Record<string, unknown>) => [number, number] | undefined,
): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start`)), 20_000);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
      const found = ports(JSON.parse(text));
      if (!found) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid as number,
        port: found[0],
        upstreamPort: found[1],
        stop: () =>
          new Promise((done) => {
            // One that has already ended would never say so again.
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

const startRelay = () =>
  // Room for the 10 measuring clients and the flooding one.
  spawnTarget(
    ["relay/main.ts", "--source", "mt5-socket:0", "--port", "0", "--heartbeat-ms", "60000", "--max-clients", "11"],
    (line) => {
      if (line.event !== "listening") return undefined;
      const listen = (line.upstream as { listen: string }).listen;
      return [line.port as number, Number(listen.split(":").at(-1))];
    },
  );

const startBaseline = () =>
  spawnTarget(
    ["-e", `import(${JSON.stringify(new URL(import.meta.url).href)}).then((m) => m.baselineServer())`],
    (line) => (line.event === "baseline" ? [line.port as number, line.upstreamPort as number] : undefined),
  );

/**
 * The baseline: TCP lines in, each forwarded as one text frame to every WebSocket client. Run in
 * its own process by `startBaseline`; prints `{"event":"baseline",port,upstreamPort}`.
 */
export async function baselineServer(): Promise<void> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => wss.once("listening", resolve));
  const upstream = createServer((socket) => {
    let partial = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      const data = partial.length ? Buffer.concat([partial, chunk]) : chunk;
      let start = 0;
      for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, start)) {
        const line = data.subarray(start, i);
        for (const client of wss.clients) client.send(line, { binary: false });
        start = i + 1;
      }
      partial = Buffer.from(data.subarray(start));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const port = (wss.address() as { port: number }).port;
  const upstreamPort = (upstream.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ event: "baseline", port, upstreamPort })}\n`);
  process.once("SIGTERM", () => process.exit(0));
}

/** The EA's line for tick `i`. */
function line(i: number): string {
  const bid = (1.1 + (i % 1000) * 1e-5).toFixed(5);
  const ask = (1.10012 + (i % 1000) * 1e-5).toFixed(5);
  return `{"type":"tick","symbol":"${SYMBOLS[i % SYMBOLS.length]}","bid":${bid},"ask":${ask},"time_msc":${Date.now()},"flags":6}\n`;
}

async function openClients(port: number, onFrame: (client: number, data: Buffer) => void): Promise<WebSocket[]> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, (_, k) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.on("message", (data: Buffer) => onFrame(k, data));
      return new Promise<WebSocket>((resolve, reject) => {
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      });
    }),
  );
  for (const ws of clients) ws.send(JSON.stringify({ type: "subscribe", symbols: ["*"] }));
  await new Promise((resolve) => setTimeout(resolve, 300)); // let every subscribe land
  return clients;
}

async function connectExpert(port: number) {
  const socket = tcpConnect(port, "127.0.0.1");
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  return socket;
}

const TICK = Buffer.from('{"type":"tick"');
const DROPPED = Buffer.from('{"type":"dropped"');
const startsWith = (data: Buffer, prefix: Buffer) =>
  data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

interface LatencyRun {
  /** Added latency, ms. */
  p50: number;
  p99: number;
  /** The relay's RSS after the warm-up, and its peak RSS by the end, MB. */
  rss: number;
  peakRss: number;
}

/**
 * A client that floods the relay at `port` with requests and reads no answer. Run in its own
 * process by `startFlooder`, so that its sending does not delay the measuring clients; prints
 * `{"event":"flooded"}` once all is sent and stays connected until killed.
 */
export async function flooder(port: number): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.pause();
  await floodRequests(ws);
  process.stdout.write(`${JSON.stringify({ event: "flooded" })}\n`);
  // A paused socket with nothing to write does not keep Node running; this timer does.
  const keepAlive = setInterval(() => {}, 60_000);
  process.once("SIGTERM", () => {
    clearInterval(keepAlive);
    process.exit(0);
  });
}

const startFlooder = (port: number) =>
  spawnTarget(
    ["-e", `import(${JSON.stringify(new URL(import.meta.url).href)}).then((m) => m.flooder(${port}))`],
    (line) => (line.event === "flooded" ? [0, 0] : undefined),
  );

/** Added latency at 1k ticks/s, one run; with `flood`, while a client floods the relay with requests. */
async function latencyRun(flood = false): Promise<LatencyRun> {
  const relay = await startRelay();
  const latencies: number[] = [];
  let measuring = false;
  const clients = await openClients(relay.port, (_, data) => {
    if (!measuring || !startsWith(data, TICK)) return;
    const received = nowMsc();
    latencies.push(received - JSON.parse(data.toString()).data.received_msc);
  });
  const expert = await connectExpert(relay.upstreamPort);
  const send = async (seconds: number) => {
    const started = performance.now();
    const total = seconds * LATENCY_RATE;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * LATENCY_RATE));
      for (; sent < due; sent++) expert.write(line(sent));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  await send(1); // warm-up: JIT, socket buffers
  const rss = processMemory(relay.pid).rss;
  measuring = true;
  const [, flooding] = await Promise.all([send(LATENCY_SECONDS), flood ? startFlooder(relay.port) : undefined]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  measuring = false;
  const peakRss = processMemory(relay.pid).peak;
  await flooding?.stop();
  expert.destroy();
  for (const ws of clients) ws.terminate();
  await relay.stop();
  if (latencies.length < LATENCY_SECONDS * LATENCY_RATE * CLIENTS * 0.99) {
    throw new Error(`only ${latencies.length} deliveries of ${LATENCY_SECONDS * LATENCY_RATE * CLIENTS}`);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    rss,
    peakRss,
  };
}

/** Deliveries per second and ticks dropped for 100k ticks sent flat out, one run against `target`. */
async function throughputRun(start: () => Promise<Target>): Promise<{ rate: number; dropped: number }> {
  const target = await start();
  const received = new Array<number>(CLIENTS).fill(0);
  let dropped = 0;
  let finished = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => {
    done = resolve;
  });
  const clients = await openClients(target.port, (k, data) => {
    if (startsWith(data, TICK)) {
      if (++received[k] === THROUGHPUT_TICKS && ++finished === CLIENTS) done();
    } else if (startsWith(data, DROPPED)) {
      dropped += JSON.parse(data.toString()).count;
    }
  });
  const expert = await connectExpert(target.upstreamPort);
  const text = Buffer.from(Array.from({ length: THROUGHPUT_TICKS }, (_, i) => line(i)).join(""));
  const started = performance.now();
  for (let offset = 0; offset < text.length; offset += 65_536) {
    if (!expert.write(text.subarray(offset, offset + 65_536)))
      await new Promise((resolve) => expert.once("drain", resolve));
  }
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`run exceeded ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS).unref(),
  );
  // With drops a client never reaches the full count: stop at the timeout or once the drops are in.
  const watch = { active: true };
  await Promise.race([
    allDone,
    timeout,
    dropsSettled(
      watch,
      () => dropped,
      () => received,
    ),
  ]);
  watch.active = false;
  const elapsed = (performance.now() - started) / 1000;
  const delivered = received.reduce((a, b) => a + b, 0);
  expert.destroy();
  for (const ws of clients) ws.terminate();
  await target.stop();
  return { rate: delivered / elapsed, dropped };
}

/** Resolves once some ticks were dropped and nothing more has arrived for half a second. */
async function dropsSettled(
  watch: { active: boolean },
  dropped: () => number,
  received: () => number[],
): Promise<void> {
  let last = -1;
  while (watch.active) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const total = received().reduce((a, b) => a + b, 0);
    if (dropped() > 0 && total === last) return;
    last = total;
  }
}

/** Medians over RUNS latency runs, with or without the flood, each measured once for all benchmarks. */
const latency = new Map<boolean, Promise<LatencyRun>>();
function latencyMedians(flood = false): Promise<LatencyRun> {
  let medians = latency.get(flood);
  if (medians === undefined) {
    medians = (async () => {
      const runs: LatencyRun[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await latencyRun(flood));
      const of = (key: keyof LatencyRun) => median(runs.map((r) => r[key]));
      return { p50: of("p50"), p99: of("p99"), rss: of("rss"), peakRss: of("peakRss") };
    })();
    latency.set(flood, medians);
  }
  return medians;
}

let throughput: Promise<{ relay: number; baseline: number; dropped: number }> | undefined;
function throughputMedians() {
  throughput ??= (async () => {
    const relay: { rate: number; dropped: number }[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      relay.push(await throughputRun(startRelay));
      baseline.push((await throughputRun(startBaseline)).rate);
    }
    return {
      relay: median(relay.map((r) => r.rate)),
      baseline: median(baseline),
      dropped: Math.max(...relay.map((r) => r.dropped)),
    };
  })();
  return throughput;
}

export default [
  {
    name: "relay.latency_p50_1k_ticks_10_clients",
    async run() {
      return { value: (await latencyMedians()).p50, unit: "ms" };
    },
  },
  {
    name: "relay.latency_p99_1k_ticks_10_clients",
    budget: { on: "value", op: "<=", limit: 5 },
    async run() {
      return { value: (await latencyMedians()).p99, unit: "ms" };
    },
  },
  {
    name: "relay.latency_p99_1k_ticks_10_clients_subscribe_flood",
    async run() {
      const quiet = await latencyMedians();
      return {
        value: (await latencyMedians(true)).p99,
        unit: "ms",
        baseline: { name: "no flood", value: quiet.p99 },
      };
    },
  },
  {
    name: "relay.peak_rss_subscribe_flood",
    budget: { on: "ratio", op: "<=", limit: 1.5 },
    async run() {
      const m = await latencyMedians(true);
      return { value: m.peakRss, unit: "MB", baseline: { name: "RSS before the flood", value: m.rss } };
    },
  },
  {
    name: "relay.deliveries_per_s_10_clients",
    budget: { on: "value", op: ">=", limit: 50_000 },
    async run() {
      const m = await throughputMedians();
      return { value: m.relay, unit: "deliveries/s", baseline: { name: "bare ws forward", value: m.baseline } };
    },
  },
  {
    name: "relay.dropped_for_clients_keeping_up",
    budget: { on: "value", op: "<=", limit: 0 },
    async run() {
      return { value: (await throughputMedians()).dropped, unit: "ticks" };
    },
  },
] satisfies Benchmark[];
