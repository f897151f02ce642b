import {
  applySessionMask,
  atr,
  type BollingerBands,
  bollinger,
  checkColumns,
  checkNumber,
  checkPeriod,
  checkSessionBits,
  crossovers,
  ema,
  rollingMax,
  rollingMin,
  rollingStdev,
  rsi,
  sma,
  wma,
} from "../strategy/indicators/index.ts";
import type { ColumnArena, F64Column } from "./arena.ts";
import { type Backend, type KernelName, type Kernels, ROUNDS_DIFFERENTLY } from "./kernels.ts";

/** The kernels a strategy computes indicators with (all but the simulator). */
export type IndicatorName = Exclude<KernelName, "simulate">;

/**
 * Which indicators run in wasm behind `indicators()` once kernels are in use. A strategy keeps
 * plain Float64Arrays, so each call copies its inputs into wasm memory and its output back; a
 * kernel runs there only if it still beats its twin after those copies, in Node and in Chromium
 * (`npm run bench kernels`, `kernels.<runtime>.indicators.<name>`; figures in wasm/README.md),
 * and if it equals its twin bit for bit — never one of ROUNDS_DIFFERENTLY, whatever this table
 * says — because a backtest's trades must not depend on whether wasm loaded.
 */
export const INDICATORS_IN_WASM: Readonly<Record<IndicatorName, boolean>> = {
  sma: false, // 1.3–1.7× after the copies, but it rounds differently
  ema: false, // 0.66–0.75×
  wma: false, // rounds differently
  rsi: false, // 1.14× in Node, 0.86× in Chromium
  atr: false, // 0.9×
  rollingStdev: true, // 1.6×
  bollinger: true, // 1.3–1.5×
  rollingMax: true, // 1.4–1.7×
  rollingMin: true, // 1.5–1.7×
  crossovers: false, // two f64 columns in for one byte out: 0.86–1.1×
  applySessionMask: true, // 7–18×
};

/**
 * The indicator functions of core/strategy/indicators — same signatures, warm-ups, errors and
 * results, bit for bit — each run by its wasm kernel where `backends` says so and by its twin
 * elsewhere. A wasm call borrows arena memory for its copies and gives it back before returning,
 * so repeated runs keep the memory at its high-water mark.
 */
export class Indicators {
  /** The implementation each indicator runs on. */
  readonly backends: Readonly<Record<IndicatorName, Backend>>;

  /**
   * @param kernels Without them (or with twins-only kernels) every indicator runs its twin.
   * @param choice "best" follows INDICATORS_IN_WASM; "wasm" and "twin" force one side wherever
   *   `kernels` allows (parity tests and benchmarks).
   */
  constructor(
    private readonly kernels?: Kernels,
    choice: "best" | Backend = "best",
  ) {
    const backends = {} as Record<IndicatorName, Backend>;
    for (const name of Object.keys(INDICATORS_IN_WASM) as IndicatorName[]) {
      const wanted =
        choice === "wasm" || (choice === "best" && INDICATORS_IN_WASM[name] && !ROUNDS_DIFFERENTLY.has(name));
      backends[name] = wanted && kernels?.backends[name] === "wasm" ? "wasm" : "twin";
    }
    this.backends = backends;
  }

  sma(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.sma === "twin" ? sma(source, period, out) : this.singleInput("sma", source, period, out);
  }

  ema(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.ema === "twin" ? ema(source, period, out) : this.singleInput("ema", source, period, out);
  }

  wma(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.wma === "twin" ? wma(source, period, out) : this.singleInput("wma", source, period, out);
  }

  rsi(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.rsi === "twin" ? rsi(source, period, out) : this.singleInput("rsi", source, period, out);
  }

  rollingStdev(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.rollingStdev === "twin"
      ? rollingStdev(source, period, out)
      : this.singleInput("rollingStdev", source, period, out);
  }

  rollingMax(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.rollingMax === "twin"
      ? rollingMax(source, period, out)
      : this.singleInput("rollingMax", source, period, out);
  }

  rollingMin(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
    return this.backends.rollingMin === "twin"
      ? rollingMin(source, period, out)
      : this.singleInput("rollingMin", source, period, out);
  }

  atr(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    period: number,
    out = new Float64Array(high.length),
  ): Float64Array {
    if (this.backends.atr === "twin") return atr(high, low, close, period, out);
    checkPeriod(period);
    checkColumns({ high, low, close }, { out });
    return this.inWasm((k, arena) => {
      const result = k.atr(arena.f64From(high), arena.f64From(low), arena.f64From(close), period);
      out.set(result.view);
      return out;
    });
  }

  bollinger(
    source: Float64Array,
    period: number,
    k: number,
    out: BollingerBands = {
      middle: new Float64Array(source.length),
      upper: new Float64Array(source.length),
      lower: new Float64Array(source.length),
    },
  ): BollingerBands {
    if (this.backends.bollinger === "twin") return bollinger(source, period, k, out);
    checkPeriod(period);
    checkNumber(k, "k", { atLeast: 0 });
    checkColumns({ source }, { middle: out.middle, upper: out.upper, lower: out.lower });
    return this.inWasm((kernels, arena) => {
      const bands = kernels.bollinger(arena.f64From(source), period, k);
      out.middle.set(bands.middle.view);
      out.upper.set(bands.upper.view);
      out.lower.set(bands.lower.view);
      return out;
    });
  }

  crossovers(a: Float64Array, b: Float64Array, out = new Int8Array(a.length)): Int8Array {
    if (this.backends.crossovers === "twin") return crossovers(a, b, out);
    checkColumns({ a, b }, { out });
    return this.inWasm((k, arena) => {
      out.set(k.crossovers(arena.f64From(a), arena.f64From(b)).view);
      return out;
    });
  }

  applySessionMask(
    signal: Uint8Array,
    mask: Uint8Array,
    sessions: number,
    out = new Uint8Array(signal.length),
  ): Uint8Array {
    if (this.backends.applySessionMask === "twin") return applySessionMask(signal, mask, sessions, out);
    checkSessionBits(sessions);
    checkColumns({ signal, mask }, { out });
    return this.inWasm((k, arena) => {
      out.set(k.applySessionMask(arena.u8From(signal), arena.u8From(mask), sessions).view);
      return out;
    });
  }

  /** A one-input kernel with a period, in wasm: the twin's checks first, so errors are the same. */
  private singleInput(
    name: "sma" | "ema" | "wma" | "rsi" | "rollingStdev" | "rollingMax" | "rollingMin",
    source: Float64Array,
    period: number,
    out: Float64Array,
  ): Float64Array {
    checkPeriod(period);
    checkColumns({ source }, { out });
    return this.inWasm((k, arena) => {
      const result: F64Column = k[name](arena.f64From(source), period);
      out.set(result.view);
      return out;
    });
  }

  /** Runs `compute` on columns it allocates, then frees them: nothing stays in the arena. */
  private inWasm<T>(compute: (kernels: Kernels, arena: ColumnArena) => T): T {
    const kernels = this.kernels as Kernels;
    const mark = kernels.arena.mark();
    try {
      return compute(kernels, kernels.arena);
    } finally {
      kernels.arena.release(mark);
    }
  }
}

let current = new Indicators();

/**
 * Makes `indicators()` run on `kernels` from now on in this thread (wasm where INDICATORS_IN_WASM
 * says so; everything on the twins if `kernels` are the twins of a failed load). The explicit
 * init of each thread that runs strategies: the backtest worker, the CLI, the unit tests' setup.
 */
export function useKernels(kernels: Kernels): Indicators {
  current = new Indicators(kernels);
  return current;
}

/**
 * The indicators strategies compute in `init`: the twins until `useKernels` is called, then the
 * wasm kernels where they win. Either way the numbers are the same, bit for bit.
 */
export function indicators(): Indicators {
  return current;
}
