/**
 * Kernel vs twin measurements, written once for both runtimes: kernels.bench.ts runs it in Node
 * and, through a page served by Vite, in Chromium. Pure (no Node or DOM APIs): it is handed the
 * wasm bytes. Each figure is a median; kernel and twin run on the same data in the same run.
 */
import { Indicators, initKernels, type Kernels } from "../../src/core/kernels/index.ts";
import {
  applySessionMask,
  atr,
  bollinger,
  crossovers,
  ema,
  rollingMax,
  rollingMin,
  rollingStdev,
  rsi,
  type SimulationParams,
  simulateSignals,
  sma,
  wma,
} from "../../src/core/strategy/indicators/index.ts";
import { median } from "./harness.ts";

/** One kernel's speed and its twin's, in million values (bars) per second. */
export interface KernelFigure {
  kernel: string;
  wasm: number;
  twin: number;
}

/** Bars per measurement: about three years of M1. */
export const BARS = 1_000_000;
const PERIOD = 50;

/** A deterministic EURUSD-like random walk (bids), spreads of 5–20 points, and a session mask. */
export function syntheticBars(n: number) {
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const spread = new Float64Array(n);
  const mask = new Uint8Array(n);
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  let price = 1.1;
  for (let i = 0; i < n; i++) {
    open[i] = price;
    const a = price + (random() - 0.5) * 0.0008;
    const b = price + (random() - 0.5) * 0.0008;
    price += (random() - 0.5) * 0.0006;
    close[i] = price;
    high[i] = Math.max(open[i], close[i], a, b);
    low[i] = Math.min(open[i], close[i], a, b);
    spread[i] = 5 + Math.floor(random() * 16);
    mask[i] = 1 << (Math.floor(i / 480) % 4);
  }
  return { open, high, low, close, spread, mask };
}

export const SIMULATION_PARAMS: SimulationParams = {
  point: 0.00001,
  pipSize: 0.0001,
  contractSize: 100_000,
  lots: 1,
  commissionPerLot: 3.5,
  slPips: 20,
  tpPips: 40,
  initialBalance: 10_000,
};

/** Entry signals of a 20/50 SMA cross: long on a cross up, short on a cross down. */
export function crossSignals(close: Float64Array) {
  const cross = crossovers(sma(close, 20), sma(close, 50));
  const entryLong = new Uint8Array(close.length);
  const entryShort = new Uint8Array(close.length);
  for (let i = 0; i < close.length; i++) {
    entryLong[i] = cross[i] === 1 ? 1 : 0;
    entryShort[i] = cross[i] === -1 ? 1 : 0;
  }
  return { entryLong, entryShort, exit: new Uint8Array(close.length) };
}

type Pair = [kernel: string, wasm: () => unknown, twin: () => unknown];

/** Kernel and twin calls over `bars` synthetic bars; the data enters wasm memory here, once. */
function makePairs(k: Kernels, bars: number): Pair[] {
  const data = syntheticBars(bars);
  const signals = crossSignals(data.close);
  const a = k.arena;
  // Data enters wasm memory once, as a sweep worker would hold it; kernels then run on columns.
  const open = a.f64From(data.open);
  const high = a.f64From(data.high);
  const low = a.f64From(data.low);
  const close = a.f64From(data.close);
  const spread = a.f64From(data.spread);
  const mask = a.u8From(data.mask);
  const entryLong = a.u8From(signals.entryLong);
  const entryShort = a.u8From(signals.entryShort);
  const exit = a.u8From(signals.exit);
  const fast = k.sma(close, 20);
  const out = a.f64(bars);
  const band = { middle: a.f64(bars), upper: a.f64(bars), lower: a.f64(bars) };
  const crossOut = a.i8(bars);
  const maskOut = a.u8(bars);
  const twinOut = new Float64Array(bars);
  const twinBand = { middle: new Float64Array(bars), upper: new Float64Array(bars), lower: new Float64Array(bars) };
  const twinFast = sma(data.close, 20);
  const barColumns = { open, high, low, close, spread };
  const signalColumns = { entryLong, entryShort, exit };
  const simulation = k.simulate(barColumns, signalColumns, SIMULATION_PARAMS);
  const via = new Indicators(k, "wasm");
  const twinCross = new Int8Array(bars);
  const twinMask = new Uint8Array(bars);
  const twinSimulation = simulateSignals(data, signals, SIMULATION_PARAMS);

  return [
    ["sma", () => k.sma(close, PERIOD, out), () => sma(data.close, PERIOD, twinOut)],
    ["wma", () => k.wma(close, PERIOD, out), () => wma(data.close, PERIOD, twinOut)],
    ["rollingStdev", () => k.rollingStdev(close, PERIOD, out), () => rollingStdev(data.close, PERIOD, twinOut)],
    ["bollinger", () => k.bollinger(close, PERIOD, 2, band), () => bollinger(data.close, PERIOD, 2, twinBand)],
    ["rollingMax", () => k.rollingMax(high, PERIOD, out), () => rollingMax(data.high, PERIOD, twinOut)],
    ["rollingMin", () => k.rollingMin(low, PERIOD, out), () => rollingMin(data.low, PERIOD, twinOut)],
    ["ema", () => k.ema(close, PERIOD, out), () => ema(data.close, PERIOD, twinOut)],
    ["rsi", () => k.rsi(close, 14, out), () => rsi(data.close, 14, twinOut)],
    ["atr", () => k.atr(high, low, close, 14, out), () => atr(data.high, data.low, data.close, 14, twinOut)],
    [
      "crossovers",
      () => k.crossovers(fast, close, crossOut),
      () => crossovers(twinFast, data.close, new Int8Array(twinOut.buffer, 0, bars)),
    ],
    [
      "applySessionMask",
      () => k.applySessionMask(entryLong, mask, 0b0110, maskOut),
      () => applySessionMask(signals.entryLong, data.mask, 0b0110, new Uint8Array(twinOut.buffer, 0, bars)),
    ],
    [
      "simulate",
      () => k.simulate(barColumns, signalColumns, SIMULATION_PARAMS, simulation),
      () => simulateSignals(data, signals, SIMULATION_PARAMS, twinSimulation),
    ],
    // indicators(): what a strategy's init calls, plain Float64Arrays in and out, so each wasm
    // call copies its inputs in and its output out; INDICATORS_IN_WASM follows these figures.
    ["indicators.sma", () => via.sma(data.close, PERIOD, twinOut), () => sma(data.close, PERIOD, twinOut)],
    ["indicators.wma", () => via.wma(data.close, PERIOD, twinOut), () => wma(data.close, PERIOD, twinOut)],
    ["indicators.ema", () => via.ema(data.close, PERIOD, twinOut), () => ema(data.close, PERIOD, twinOut)],
    ["indicators.rsi", () => via.rsi(data.close, 14, twinOut), () => rsi(data.close, 14, twinOut)],
    [
      "indicators.atr",
      () => via.atr(data.high, data.low, data.close, 14, twinOut),
      () => atr(data.high, data.low, data.close, 14, twinOut),
    ],
    [
      "indicators.rollingStdev",
      () => via.rollingStdev(data.close, PERIOD, twinOut),
      () => rollingStdev(data.close, PERIOD, twinOut),
    ],
    [
      "indicators.bollinger",
      () => via.bollinger(data.close, PERIOD, 2, twinBand),
      () => bollinger(data.close, PERIOD, 2, twinBand),
    ],
    [
      "indicators.rollingMax",
      () => via.rollingMax(data.high, PERIOD, twinOut),
      () => rollingMax(data.high, PERIOD, twinOut),
    ],
    [
      "indicators.rollingMin",
      () => via.rollingMin(data.low, PERIOD, twinOut),
      () => rollingMin(data.low, PERIOD, twinOut),
    ],
    [
      "indicators.crossovers",
      () => via.crossovers(twinFast, data.close, twinCross),
      () => crossovers(twinFast, data.close, twinCross),
    ],
    [
      "indicators.applySessionMask",
      () => via.applySessionMask(signals.entryLong, data.mask, 0b0110, twinMask),
      () => applySessionMask(signals.entryLong, data.mask, 0b0110, twinMask),
    ],
    [
      // The cost of copying: the same SMA when its input is copied in and its output out each call.
      "sma.copyInOut",
      () => {
        const mark = a.mark();
        const result = k.sma(a.f64From(data.close), PERIOD).view.slice();
        a.release(mark);
        return result;
      },
      () => sma(data.close, PERIOD, twinOut),
    ],
  ];
}

/** A clock in milliseconds: wall time (performance.now) or, in Node, the process's CPU time. */
export type Clock = () => number;

/**
 * Measures every kernel against its twin on `bars` bars; `runs` timed runs each. Both sides are
 * first warmed up on small inputs, so V8 optimises each twin as a whole function: optimised only
 * on stack replacement inside one long first call, some twins run 2× slower (measured on WMA).
 * `clock` times the samples: Node passes its CPU time, so a shared machine's other processes do
 * not count as ours (the budget is per core); a browser page has only wall time.
 */
export async function measureKernels(
  bytes: ArrayBuffer | Uint8Array,
  bars = BARS,
  runs = 15,
  clock: Clock = () => performance.now(),
): Promise<KernelFigure[]> {
  const k = await initKernels(bytes, "wasm");
  for (const [, wasmRun, twinRun] of makePairs(k, 2000)) {
    for (let warm = 0; warm < 300; warm++) {
      wasmRun();
      twinRun();
    }
  }
  // Optimising compilers run on background threads (V8 tiers wasm up from Liftoff to TurboFan
  // that way too): on a loaded machine they finish after the warm-up loop, so give them time.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  k.arena.reset();
  const pairs = makePairs(k, bars);
  const figures: KernelFigure[] = [];
  for (const [kernel, wasmRun, twinRun] of pairs) {
    const [wasmMs, twinMs] = timePair(wasmRun, twinRun, runs, clock);
    figures.push({ kernel, wasm: bars / wasmMs / 1000, twin: bars / twinMs / 1000 });
  }
  return figures;
}

/**
 * Median ms per call of two functions, their samples alternated so both see the same machine
 * load (the machine is shared). Each sample repeats its call for ≥ 20 ms: a browser's
 * performance.now() is coarsened (to 100 µs without cross-origin isolation), too coarse for one
 * 2 ms call, and Node's CPU time ticks in microseconds.
 */
function timePair(first: () => unknown, second: () => unknown, runs: number, clock: Clock): [number, number] {
  const batches = [first, second].map((run) => {
    for (let warm = 0; warm < 3; warm++) run();
    const started = clock();
    run();
    const reps = Math.max(1, Math.ceil(20 / Math.max(clock() - started, 0.1)));
    return () => {
      const batchStart = clock();
      for (let r = 0; r < reps; r++) run();
      return (clock() - batchStart) / reps;
    };
  });
  const samples: [number[], number[]] = [[], []];
  for (let r = 0; r < runs; r++) {
    samples[0].push(batches[0]());
    samples[1].push(batches[1]());
  }
  return [median(samples[0]), median(samples[1])];
}
