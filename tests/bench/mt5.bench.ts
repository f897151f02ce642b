/**
 * The MT5 bridge end to end, on loopback only: a relay process fed by the terminal simulator
 * (tests/sim/terminal.ts, its own process, speaking relay/mql5/PROTOCOL.md), measured where the
 * user stands. Every run is bounded and stops by itself.
 * - Pull: `pipscope mt5 pull` of ~1M M1 bars (2021-01-04 … 2023-08-31) into a fresh cache, the
 *   CLI process as a whole (start to exit); rows/s, median of 3 after one warm-up pull (the
 *   simulator then has the range loaded, as a terminal keeps what it loaded). Budget ≥ 300k.
 * - Ticks: 4 symbols at 2k ticks/s total for 20 s, the EA connection cut once in the middle; a
 *   client subscribed to everything counts per symbol what arrived against what the simulator
 *   made. Lost ticks, budget 0; and the relay's added latency (relay receive → client receive),
 *   p50 and p99 over every delivery.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipscope, startRelayProcess, startTerminalSim, TestClient } from "../unit/relay/harness.ts";
import { type Benchmark, median } from "./harness.ts";

const RUNS = 3;
const TICK_RATE = 2000;
const TICK_SECONDS = 20;

async function pullRowsPerSecond(): Promise<number[]> {
  const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
  const sim = startTerminalSim(relay.upstreamPort as number, ["--history", "EURUSD:M1=synthetic"]);
  const rates: number[] = [];
  try {
    await sim.until((e) => e.event === "relay_hello");
    for (let run = 0; run <= RUNS; run++) {
      const dir = mkdtempSync(join(tmpdir(), "pipscope-bench-pull-"));
      try {
        const started = performance.now();
        const result = await runPipscope(
          [
            "mt5",
            "pull",
            "--symbol",
            "EURUSD",
            "--timeframe",
            "M1",
            "--from",
            "2021-01-04",
            "--to",
            "2023-08-31",
            "--relay",
            `ws://127.0.0.1:${relay.port}`,
            "--data-dir",
            dir,
            "--json",
          ],
          dir,
        );
        const seconds = (performance.now() - started) / 1000;
        if (result.code !== 0) throw new Error(`pull failed: ${result.stderr}`);
        const rows = JSON.parse(result.stdout).rows as number;
        if (run > 0) rates.push(rows / seconds);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await sim.stop();
    await relay.stop();
  }
  return rates;
}

async function streamTicks(): Promise<{ lost: number; made: number; p50: number; p99: number }> {
  const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
  const client = new TestClient(`ws://127.0.0.1:${relay.port}`);
  const latencies: number[] = [];
  client.ws.on("message", (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === "tick") latencies.push(performance.timeOrigin + performance.now() - frame.data.received_msc);
  });
  const total = TICK_RATE * TICK_SECONDS;
  const sim = startTerminalSim(relay.upstreamPort as number, [
    "--rate",
    String(TICK_RATE),
    "--ticks",
    String(total),
    "--drop-after-ticks",
    String(total / 2),
  ]);
  try {
    await client.next("hello");
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.next("subscribed");
    const made = await sim.until((e) => e.event === "ticks_made", (TICK_SECONDS + 30) * 1000);
    await sim.until((e) => e.event === "acked" && e.n === total && e.unacked === 0, 30_000);
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= total, 10_000).catch(() => {});
    const perSymbol = made.per_symbol as Record<string, { count: number }>;
    const received = new Map<string, number>();
    for (const tick of client.ticks()) received.set(tick.data.symbol, (received.get(tick.data.symbol) ?? 0) + 1);
    let lost = 0;
    for (const [symbol, { count }] of Object.entries(perSymbol))
      lost += Math.max(0, count - (received.get(symbol) ?? 0));
    const sorted = latencies.sort((a, b) => a - b);
    return { lost, made: total, p50: median(sorted), p99: sorted[Math.floor(sorted.length * 0.99)] };
  } finally {
    await client.close();
    await sim.stop();
    await relay.stop();
  }
}

let ticks: Promise<Awaited<ReturnType<typeof streamTicks>>> | undefined;
const tickRun = () => {
  ticks ??= streamTicks();
  return ticks;
};

export default [
  {
    name: "mt5.pull_rows_per_s_1m_m1",
    budget: { on: "value", op: ">=", limit: 300_000 },
    async run() {
      return { value: median(await pullRowsPerSecond()), unit: "rows/s" };
    },
  },
  {
    name: "mt5.ticks_lost_4_symbols_2k_per_s_with_a_drop",
    budget: { on: "value", op: "<=", limit: 0 },
    async run() {
      return { value: (await tickRun()).lost, unit: "ticks" };
    },
  },
  {
    name: "mt5.tick_latency_p50_2k_per_s",
    async run() {
      return { value: (await tickRun()).p50, unit: "ms" };
    },
  },
  {
    // A diagnostic: relay.latency_p99_1k_ticks_10_clients holds the relay's latency budget.
    name: "mt5.tick_latency_p99_2k_per_s",
    async run() {
      return { value: (await tickRun()).p99, unit: "ms" };
    },
  },
] satisfies Benchmark[];
