import { readFileSync } from "node:fs";
import type { BarColumns, Instrument, TickColumns } from "../../src/core/data/types.ts";
import { type EngineHost, runBacktest } from "../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../src/core/engine/spec.ts";
import { makeStreamingHost } from "../../src/core/engine/stream.ts";
import { createStrategy } from "../../src/core/strategy/index.ts";
import { type Benchmark, median } from "./harness.ts";

const INSTRUMENT: Instrument = {
  symbol: "EURUSD",
  digits: 5,
  point: 0.00001,
  pipSize: 0.0001,
  contractSize: 100_000,
  baseCurrency: "EUR",
  quoteCurrency: "USD",
  marginRate: 1,
  commissionPerLot: 0,
  swapMode: "points",
  swapLong: 0,
  swapShort: 0,
  exchangeGroup: "FX",
  assetClass: "CURRENCY",
};

/** A seeded random walk of M1 bars (bid prices, 1.2-pip spread): the engine's speed does not depend on realism. */
export function randomWalkBars(n: number, seed = 7): BarColumns {
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const bars: BarColumns = {
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    tickVolume: new Float64Array(n).fill(1),
    volume: new Float64Array(n),
    spread: new Float64Array(n).fill(12),
  };
  let price = 1.1;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open + (random() - 0.5) * 0.0004;
    bars.time[i] = Date.UTC(2024, 0, 1) + i * 60_000;
    bars.open[i] = open;
    bars.close[i] = close;
    bars.high[i] = Math.max(open, close) + random() * 0.0002;
    bars.low[i] = Math.min(open, close) - random() * 0.0002;
    price = close;
  }
  return bars;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** This process's CPU time in ms: every thread, the GC's and the compiler's helpers too. */
const processCpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/**
 * The main thread's CPU time in ms, where the loop runs: the budget is for one core, and
 * the GC's helper threads run beside it on the other. Linux reports it in ns; elsewhere the
 * process's CPU time stands in.
 */
const threadCpuNow = (() => {
  try {
    readFileSync(SCHEDSTAT, "utf8");
    return () => Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return processCpuNow;
  }
})();

/** Loop time of one run: main-thread CPU, whole-process CPU and wall clock, in ms. */
interface LoopTime {
  threadMs: number;
  processMs: number;
  wallMs: number;
}

/**
 * Times the event-driven loop in CPU time as well as the engine's own wall-clock `loop_ms`: on
 * this shared 2-core machine wall time also measures other processes' turns. The loop runs from
 * the engine's last lifecycle line before it ("indicators ready") to the "finishing" progress
 * event; the watch costs one comparison per event.
 */
function loopClock() {
  const started = { thread: 0, process: 0 };
  const time = { threadMs: 0, processMs: 0 };
  return {
    watch(type: string, data: unknown) {
      if (type === "log_entry" && (data as { module: string }).module === "engine") {
        started.thread = threadCpuNow();
        started.process = processCpuNow();
      } else if (type === "backtest_progress" && (data as { status: string }).status === "finishing") {
        time.threadMs = threadCpuNow() - started.thread;
        time.processMs = processCpuNow() - started.process;
      }
    },
    time: (wallMs: number): LoopTime => ({ ...time, wallMs }),
  };
}

/**
 * Streaming off: events are dropped. Streaming on: what the backtest worker does — events
 * numbered and packed in batches, each batch serialised twice, posted on the run's
 * BroadcastChannel and put in IndexedDB. One `structuredClone` stands for the two: it serialises
 * and reads the copy back, both copies of the same bytes. (Node's v8.serialize would copy typed
 * arrays in JavaScript, unlike a browser.) The clock is the worker's, Date.now.
 */
function host(streaming: boolean, watch: (type: string, data: unknown) => void): EngineHost {
  if (!streaming) {
    return {
      wallNow: Date.now,
      emit: watch,
      trade: () => {},
      yield: yieldToLoop,
      sleep: async () => {},
      cancelled: () => false,
    };
  }
  const streamingHost = makeStreamingHost({
    wallNow: Date.now,
    post: (packed) => void structuredClone(packed),
    yield: yieldToLoop,
    sleep: async () => {},
  });
  const emit = streamingHost.emit;
  streamingHost.emit = (type, data) => {
    watch(type, data);
    emit(type, data);
  };
  return streamingHost;
}

async function maCrossRun(bars: BarColumns, streaming = false, fast = 10, slow = 30): Promise<LoopTime> {
  const strategy = createStrategy("ma_cross", { fast, slow });
  const clock = loopClock();
  const result = await runBacktest(
    {
      backtestId: "bench",
      variant: "vanilla",
      strategy: { id: "ma_cross", ...strategy },
      instrument: INSTRUMENT,
      timeframe: "M1",
      bars,
      startIndex: 0,
      // Large enough that 78k spread-paying trades never approach a margin call: this measures the loop.
      account: { ...DEFAULT_ACCOUNT, initialBalance: 1_000_000 },
      costs: { ...DEFAULT_COSTS, swaps: false },
      sizing: { mode: "fixed", lots: 0.1 },
      options: DEFAULT_OPTIONS,
    },
    host(streaming, clock.watch),
  );
  return clock.time(result.timings.loop_ms);
}

/** Rows per second at the median main-thread CPU time, with the process-CPU and wall-clock figures in the unit. */
function speedOf(rows: number, times: LoopTime[], unit: string): { value: number; unit: string } {
  const perSecond = (of: keyof LoopTime) => (rows / median(times.map((t) => t[of]))) * 1000;
  return {
    value: perSecond("threadMs"),
    unit: `${unit} (main-thread CPU time; process CPU ${perSecond("processMs").toExponential(2)}, wall clock ${perSecond("wallMs").toExponential(2)})`,
  };
}

const ROWS = 2_000_000;

/** Bars per second of the event-driven loop (median of 5), MA cross with the given periods. */
function maCrossBench(fast: number, slow: number): Benchmark {
  return {
    name: `engine.ma_cross_${fast}_${slow}_bars_per_s`,
    budget: { on: "value", op: ">=", limit: 10e6 },
    diagnostic: true,
    async run() {
      const bars = randomWalkBars(ROWS);
      const samples: LoopTime[] = [];
      for (let i = 0; i < 5; i++) samples.push(await maCrossRun(bars, false, fast, slow));
      return speedOf(ROWS, samples, "bars/s");
    },
  };
}

/** Speed with the worker's streaming host over speed with events dropped (median of 5 each). */
function streamingBench(fast: number, slow: number): Benchmark {
  return {
    name: `engine.streaming_ratio_ma_${fast}_${slow}`,
    budget: { on: "ratio", op: ">=", limit: 0.8 },
    diagnostic: true,
    async run() {
      const bars = randomWalkBars(ROWS);
      const off: LoopTime[] = [];
      const on: LoopTime[] = [];
      for (let i = 0; i < 5; i++) {
        off.push(await maCrossRun(bars, false, fast, slow));
        on.push(await maCrossRun(bars, true, fast, slow));
      }
      const ratio = (of: keyof LoopTime) => median(off.map((t) => t[of])) / median(on.map((t) => t[of]));
      return {
        value: ROWS / (median(on.map((t) => t.threadMs)) / 1000),
        unit: `bars/s (main-thread CPU time; process-CPU ratio ${ratio("processMs").toFixed(3)}, wall-clock ratio ${ratio("wallMs").toFixed(3)})`,
        baseline: { name: "streaming off", value: ROWS / (median(off.map((t) => t.threadMs)) / 1000) },
      };
    },
  };
}

/** Seeded random-walk EURUSD ticks, one every 250 ms, 0.8–1.6 pip spreads. */
function randomWalkTicks(n: number, seed = 11): TickColumns {
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const ticks: TickColumns = {
    length: n,
    time: new Float64Array(n),
    bid: new Float64Array(n),
    ask: new Float64Array(n),
    last: new Float64Array(n).fill(Number.NaN),
    volume: new Float64Array(n),
    flags: new Int32Array(n).fill(6),
  };
  let bid = 1.1;
  for (let i = 0; i < n; i++) {
    bid += (random() - 0.5) * 0.00004;
    ticks.time[i] = Date.UTC(2024, 0, 1) + i * 250;
    ticks.bid[i] = bid;
    ticks.ask[i] = bid + 0.00008 + random() * 0.00008;
  }
  return ticks;
}

const TICKS = 5_000_000;

const benchmarks: Benchmark[] = [
  // 10/30 on M1 trades every ~25 bars (78k trades in 2M bars); 50/200 every ~155 bars.
  maCrossBench(10, 30),
  maCrossBench(50, 200),
  streamingBench(10, 30),
  streamingBench(50, 200),
  {
    name: "engine.tick_momentum_ticks_per_s",
    budget: { on: "value", op: ">=", limit: 5e6 },
    diagnostic: true,
    async run() {
      const ticks = randomWalkTicks(TICKS);
      const samples: LoopTime[] = [];
      for (let i = 0; i < 3; i++) {
        const strategy = createStrategy("tick_momentum", {});
        const clock = loopClock();
        const result = await runBacktest(
          {
            backtestId: "bench",
            variant: "vanilla",
            strategy: { id: "tick_momentum", ...strategy },
            instrument: INSTRUMENT,
            timeframe: "ticks",
            ticks,
            startIndex: 0,
            account: { ...DEFAULT_ACCOUNT, initialBalance: 1_000_000 },
            costs: { ...DEFAULT_COSTS, swaps: false },
            sizing: { mode: "fixed", lots: 0.1 },
            options: DEFAULT_OPTIONS,
          },
          host(false, clock.watch),
        );
        samples.push(clock.time(result.timings.loop_ms));
      }
      return speedOf(TICKS, samples, "ticks/s");
    },
  },
  {
    name: "engine.memory_5m_bars_mb",
    budget: { on: "value", op: "<=", limit: 300 },
    async run() {
      // Peak resident memory a run adds over 5M M1 bars: indicators, equity curves, trades. The
      // bars themselves (8 Float64 columns, 320 MB) are the cache's and are loaded beforehand.
      const bars = randomWalkBars(5_000_000);
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      await maCrossRun(bars, false, 50, 200);
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { value: (peak - before) / 2 ** 20, unit: "MB" };
    },
  },
];

export default benchmarks;
