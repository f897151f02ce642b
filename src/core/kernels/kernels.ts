import { PipscopeError } from "../errors.ts";
import {
  applySessionMask,
  atr,
  bollinger,
  checkColumns,
  checkNumber,
  checkPeriod,
  checkSessionBits,
  checkSimulation,
  crossovers,
  ema,
  rollingMax,
  rollingMin,
  rollingStdev,
  rsi,
  type SimulationParams,
  type Span,
  simulateSignals,
  sma,
  wma,
} from "../strategy/indicators/index.ts";
import { ColumnArena, type F64Column, type I8Column, type I32Column, makeHeapMemory, type U8Column } from "./arena.ts";
import { instantiateKernels, type RawKernels } from "./raw.ts";

export type KernelName =
  | "sma"
  | "ema"
  | "wma"
  | "rsi"
  | "atr"
  | "rollingStdev"
  | "bollinger"
  | "rollingMax"
  | "rollingMin"
  | "crossovers"
  | "applySessionMask"
  | "simulate";

/** Which implementation runs a kernel: the wasm module or its plain-TypeScript twin. */
export type Backend = "wasm" | "twin";

/**
 * Where the wasm kernel beats its twin, measured by `npm run bench kernels` (kernel and twin in
 * the same run, Node and Chromium; figures in wasm/README.md). EMA does not clearly win (0.68–1.25×
 * across runtimes and runs): it is one dependent chain of floating-point operations, which V8's optimising
 * compiler emits as well as Binaryen does, so its twin runs.
 */
export const WASM_WINS: Readonly<Record<KernelName, boolean>> = {
  sma: true,
  ema: false,
  wma: true,
  rsi: true,
  atr: true,
  rollingStdev: true,
  bollinger: true,
  rollingMax: true,
  rollingMin: true,
  crossovers: true,
  applySessionMask: true,
  simulate: true,
};

/**
 * Kernels whose wasm sums in another order than their twin: SMA and WMA advance two windows per
 * f64x2 step, one dependent add per two values where the twin has two per value; they agree to
 * ≤ 1e-12 relative. Every other kernel does the twin's operations in the twin's order and equals
 * it bit for bit (tests/unit/kernels/parity.test.ts), so only those may stand in for a twin where
 * results must not depend on whether wasm loaded (core/kernels/indicators.ts).
 */
export const ROUNDS_DIFFERENTLY: ReadonlySet<KernelName> = new Set<KernelName>(["sma", "wma"]);

/** Bollinger bands as arena columns. */
export interface BandColumns {
  middle: F64Column;
  upper: F64Column;
  lower: F64Column;
}

/** The bar columns a simulation reads (bids; spread in points). */
export interface SimulationBarColumns {
  open: F64Column;
  high: F64Column;
  low: F64Column;
  close: F64Column;
  spread: F64Column;
}

/** Entry and exit signals, one byte per bar. */
export interface SimulationSignalColumns {
  entryLong: U8Column;
  entryShort: U8Column;
  exit: U8Column;
}

/** SimulationOutput (core/strategy/indicators) as arena columns. */
export interface SimulationColumns {
  tradeCount: number;
  entryIndex: I32Column;
  exitIndex: I32Column;
  side: I8Column;
  entryPrice: F64Column;
  exitPrice: F64Column;
  pnl: F64Column;
  reason: U8Column;
  equity: F64Column;
}

/**
 * Every kernel over columns of one arena, each run by wasm where it wins and by its twin
 * elsewhere (`backends` says which). Same semantics, warm-ups and errors as the twins in
 * core/strategy/indicators, whose docs are the reference. An omitted `out` is allocated in the
 * arena. Nothing is copied: put data in once (`arena.f64From`), then chain kernels on columns.
 */
export class Kernels {
  /** The implementation each kernel runs on. */
  readonly backends: Readonly<Record<KernelName, Backend>>;

  /**
   * @param choice "best" follows WASM_WINS (all twins without a module), "wasm" and "twin" force
   *   one side everywhere (parity tests and benchmarks).
   */
  constructor(
    readonly arena: ColumnArena,
    private readonly raw: RawKernels | undefined,
    choice: "best" | Backend = "best",
  ) {
    if (choice === "wasm" && !raw) {
      throw new PipscopeError("KERNELS_UNAVAILABLE", "wasm kernels were asked for but no module was loaded");
    }
    const backends = {} as Record<KernelName, Backend>;
    for (const name of Object.keys(WASM_WINS) as KernelName[]) {
      backends[name] = raw && (choice === "wasm" || (choice === "best" && WASM_WINS[name])) ? "wasm" : "twin";
    }
    this.backends = backends;
  }

  sma(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.singleInput("sma", source, period, out, sma);
  }

  ema(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.singleInput("ema", source, period, out, ema);
  }

  wma(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.singleInput("wma", source, period, out, wma);
  }

  rsi(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.singleInput("rsi", source, period, out, rsi);
  }

  rollingStdev(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.singleInput("rollingStdev", source, period, out, rollingStdev);
  }

  rollingMax(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.extreme("rollingMax", source, period, out, rollingMax);
  }

  rollingMin(source: F64Column, period: number, out = this.arena.f64(source.length)): F64Column {
    return this.extreme("rollingMin", source, period, out, rollingMin);
  }

  atr(high: F64Column, low: F64Column, close: F64Column, period: number, out = this.arena.f64(high.length)): F64Column {
    checkPeriod(period);
    this.check({ high, low, close }, { out });
    const raw = this.wasm("atr");
    if (raw) raw.atr(high.ptr, low.ptr, close.ptr, high.length, period, out.ptr);
    else atr(high.view, low.view, close.view, period, out.view);
    return out;
  }

  bollinger(
    source: F64Column,
    period: number,
    k: number,
    out: BandColumns = {
      middle: this.arena.f64(source.length),
      upper: this.arena.f64(source.length),
      lower: this.arena.f64(source.length),
    },
  ): BandColumns {
    checkPeriod(period);
    checkNumber(k, "k", { atLeast: 0 });
    const { middle, upper, lower } = out;
    this.check({ source }, { middle, upper, lower });
    const raw = this.wasm("bollinger");
    if (raw) raw.bollinger(source.ptr, source.length, period, k, middle.ptr, upper.ptr, lower.ptr);
    else bollinger(source.view, period, k, { middle: middle.view, upper: upper.view, lower: lower.view });
    return out;
  }

  crossovers(a: F64Column, b: F64Column, out = this.arena.i8(a.length)): I8Column {
    this.check({ a, b }, { out });
    const raw = this.wasm("crossovers");
    if (raw) raw.crossovers(a.ptr, b.ptr, a.length, out.ptr);
    else crossovers(a.view, b.view, out.view);
    return out;
  }

  applySessionMask(signal: U8Column, mask: U8Column, sessions: number, out = this.arena.u8(signal.length)): U8Column {
    checkSessionBits(sessions);
    this.check({ signal, mask }, { out });
    const raw = this.wasm("applySessionMask");
    if (raw) raw.applySessionMask(signal.ptr, mask.ptr, signal.length, sessions, out.ptr);
    else applySessionMask(signal.view, mask.view, sessions, out.view);
    return out;
  }

  /** `simulateSignals` (core/strategy/indicators/simulate-signals.ts, the contract) over columns. */
  simulate(
    bars: SimulationBarColumns,
    signals: SimulationSignalColumns,
    params: SimulationParams,
    out = makeSimulationColumns(this.arena, bars.open.length),
  ): SimulationColumns {
    const { open, high, low, close, spread } = bars;
    const { entryLong, entryShort, exit } = signals;
    const { entryIndex, exitIndex, side, entryPrice, exitPrice, pnl, reason, equity } = out;
    this.own({ open, high, low, close, spread, entryLong, entryShort, exit });
    this.own({ entryIndex, exitIndex, side, entryPrice, exitPrice, pnl, reason, equity });
    checkSimulation(bars, signals, params, out);
    const raw = this.wasm("simulate");
    if (raw) {
      raw.setTradeColumns(entryIndex.ptr, exitIndex.ptr, side.ptr, entryPrice.ptr, exitPrice.ptr, pnl.ptr, reason.ptr);
      const p = params;
      out.tradeCount = raw.simulate(
        open.length,
        open.ptr,
        high.ptr,
        low.ptr,
        close.ptr,
        spread.ptr,
        entryLong.ptr,
        entryShort.ptr,
        exit.ptr,
        p.point,
        p.pipSize,
        p.contractSize,
        p.lots,
        p.commissionPerLot,
        p.slPips,
        p.tpPips,
        p.initialBalance,
        equity.ptr,
      );
    } else {
      out.tradeCount = simulateSignals(
        { open: open.view, high: high.view, low: low.view, close: close.view, spread: spread.view },
        { entryLong: entryLong.view, entryShort: entryShort.view, exit: exit.view },
        params,
        {
          tradeCount: 0,
          entryIndex: entryIndex.view,
          exitIndex: exitIndex.view,
          side: side.view,
          entryPrice: entryPrice.view,
          exitPrice: exitPrice.view,
          pnl: pnl.view,
          reason: reason.view,
          equity: equity.view,
        },
      ).tradeCount;
    }
    return out;
  }

  /** Runs a one-input, one-output kernel with a period. */
  private singleInput(
    name: "sma" | "ema" | "wma" | "rsi" | "rollingStdev",
    source: F64Column,
    period: number,
    out: F64Column,
    twin: (source: Float64Array, period: number, out: Float64Array) => Float64Array,
  ): F64Column {
    checkPeriod(period);
    this.check({ source }, { out });
    const raw = this.wasm(name);
    if (raw) raw[name](source.ptr, source.length, period, out.ptr);
    else twin(source.view, period, out.view);
    return out;
  }

  /** Runs rolling max/min; the wasm kernel borrows n values of scratch from the arena. */
  private extreme(
    name: "rollingMax" | "rollingMin",
    source: F64Column,
    period: number,
    out: F64Column,
    twin: (source: Float64Array, period: number, out: Float64Array) => Float64Array,
  ): F64Column {
    checkPeriod(period);
    this.check({ source }, { out });
    const raw = this.wasm(name);
    if (raw) {
      const mark = this.arena.mark();
      raw[name](source.ptr, source.length, period, out.ptr, this.arena.f64(source.length).ptr);
      this.arena.release(mark);
    } else twin(source.view, period, out.view);
    return out;
  }

  private wasm(name: KernelName): RawKernels | undefined {
    return this.backends[name] === "wasm" ? this.raw : undefined;
  }

  /** Columns of this arena only, one per bar each, outputs apart from inputs. */
  private check(inputs: Record<string, OwnedSpan>, outputs: Record<string, OwnedSpan>): void {
    this.own(inputs);
    this.own(outputs);
    checkColumns(inputs, outputs);
  }

  /** Another arena's addresses point at other data: refuse its columns. */
  private own(columns: Record<string, OwnedSpan>): void {
    for (const [name, column] of Object.entries(columns)) {
      if (column.arena !== this.arena) {
        throw new PipscopeError("KERNEL_FOREIGN_COLUMN", `${name} was allocated in another kernel arena`, {
          field: name,
        });
      }
    }
  }
}

type OwnedSpan = Span & { readonly arena: ColumnArena };

/** Output columns of a simulation over `bars` bars. */
export function makeSimulationColumns(arena: ColumnArena, bars: number): SimulationColumns {
  return {
    tradeCount: 0,
    entryIndex: arena.i32(bars),
    exitIndex: arena.i32(bars),
    side: arena.i8(bars),
    entryPrice: arena.f64(bars),
    exitPrice: arena.f64(bars),
    pnl: arena.f64(bars),
    reason: arena.u8(bars),
    equity: arena.f64(bars),
  };
}

/**
 * Instantiates the wasm module from its bytes and returns kernels over its memory, each on the
 * backend WASM_WINS gives it (or `choice` forces). Throws KERNELS_UNAVAILABLE / KERNELS_BAD_MODULE.
 */
export async function initKernels(
  bytes: ArrayBuffer | Uint8Array,
  choice: "best" | Backend = "best",
): Promise<Kernels> {
  const raw = await instantiateKernels(bytes);
  return new Kernels(new ColumnArena(raw.memory, raw.heapBase()), raw, choice);
}

/** The twins alone over a plain heap: the same API when wasm cannot load. */
export function twinKernels(): Kernels {
  return new Kernels(new ColumnArena(makeHeapMemory(), 0), undefined, "twin");
}

/**
 * Wasm kernels if their bytes can be read and instantiated, else the twins, with the reason for
 * the log (`fallback`). The engine and the sweep workers start from here.
 */
export async function loadKernels(
  readBytes: () => Promise<ArrayBuffer | Uint8Array>,
): Promise<{ kernels: Kernels; fallback?: PipscopeError }> {
  try {
    return { kernels: await initKernels(await readBytes()) };
  } catch (error) {
    const reason =
      error instanceof PipscopeError
        ? error
        : new PipscopeError("KERNELS_UNAVAILABLE", `the wasm kernels could not be read: ${(error as Error).message}`);
    return { kernels: twinKernels(), fallback: reason };
  }
}
