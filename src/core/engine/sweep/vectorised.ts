import type { BarColumns } from "../../data/types.ts";
import type { F64Column, I8Column, Kernels, SimulationColumns, SimulationSignalColumns } from "../../kernels/index.ts";
import { makeSimulationColumns } from "../../kernels/index.ts";
import { ema, type SimulationOutput, type SimulationParams, sma } from "../../strategy/indicators/index.ts";
import type { ParamValues } from "../../strategy/params.ts";
import type { BacktestInput } from "../backtest.ts";
import type { Metrics } from "../metrics.ts";
import type { Trade } from "../orders.ts";
import { maCrossSignals } from "./ma-cross-signals.ts";
import {
  makeSimulatedFrame,
  makeSimulatedScratch,
  type SimulatedFrame,
  type SimulatedScratch,
  settleSwaps,
  simulatedMetrics,
} from "./simulated-run.ts";

/**
 * Memory for the averages a worker keeps between combinations (each one column of the loaded
 * rows: 3 MB for a year of M1, so ~42 of them), and a cap on their count for short data.
 */
const AVERAGE_CACHE_BYTES = 128 * 1024 * 1024;
const MAX_CACHED_AVERAGES = 1024;

/** A vectorised run: its metrics and trades, or why this combination must run in the engine. */
export type VectorisedOutcome = { metrics: Metrics; trades: Trade[] } | { engine: string };

/**
 * ma_cross over the kernels: the averages (cached per kind and period), crossovers, signals and
 * the simulator, then swaps and the engine's metrics. The data enters the kernels' memory once,
 * here; every combination reuses the same columns. Only for inputs `vectorisation` accepts.
 */
export class VectorisedMaCross {
  private readonly close: F64Column;
  private readonly bars: { open: F64Column; high: F64Column; low: F64Column; close: F64Column; spread: F64Column };
  private readonly cross: I8Column;
  private readonly signals: SimulationSignalColumns;
  private readonly out: SimulationColumns;
  private readonly averages = new Map<string, F64Column>();
  private readonly capacity: number;
  /** Where averages go once the cache is full: two slots (a fast and a slow), least recently used first. */
  private readonly spare: { key: string; column: F64Column }[];
  private readonly frame: SimulatedFrame;
  private readonly scratch: SimulatedScratch;
  private readonly params: SimulationParams;
  /** Equity below which the engine could stop a position out (see `marginFloor`). */
  private readonly floor: number;

  /** @param cacheBytes memory for cached averages (tests shrink it to exercise the spare slots). */
  constructor(
    private readonly kernels: Kernels,
    private readonly input: BacktestInput,
    cacheBytes = AVERAGE_CACHE_BYTES,
  ) {
    const rows = input.bars as BarColumns;
    const start = input.startIndex;
    const tested = rows.length - start;
    const arena = kernels.arena;
    arena.reset();
    this.close = arena.f64From(rows.close);
    this.bars = {
      open: arena.f64From(rows.open.subarray(start)),
      high: arena.f64From(rows.high.subarray(start)),
      low: arena.f64From(rows.low.subarray(start)),
      close: arena.f64From(rows.close.subarray(start)),
      spread: arena.f64(tested),
    };
    // Broker.spreadPrice: the bar's spread (or the fixed one) plus the extra, in points.
    const { spread, extraSpread } = input.costs;
    const spreadView = this.bars.spread.view;
    for (let j = 0; j < tested; j++) spreadView[j] = (spread === "bar" ? rows.spread[start + j] : spread) + extraSpread;
    this.cross = arena.i8(rows.length);
    this.signals = { entryLong: arena.u8(tested), entryShort: arena.u8(tested), exit: arena.u8(tested) };
    this.out = makeSimulationColumns(arena, tested);
    this.spare = [
      { key: "", column: arena.f64(rows.length) },
      { key: "", column: arena.f64(rows.length) },
    ];
    this.capacity = Math.max(0, Math.min(MAX_CACHED_AVERAGES, Math.floor(cacheBytes / (8 * rows.length))));
    const lots = (input.sizing as { lots: number }).lots;
    const commission = input.costs.commission as { perLotPerSide: number };
    const { instrument } = input;
    this.params = {
      point: instrument.point,
      pipSize: instrument.pipSize,
      contractSize: instrument.contractSize,
      lots,
      commissionPerLot: commission.perLotPerSide,
      slPips: 0,
      tpPips: 0,
      initialBalance: input.account.initialBalance,
    };
    this.frame = makeSimulatedFrame(input, lots, commission.perLotPerSide);
    this.scratch = makeSimulatedScratch(tested);
    // A fresh view: the allocations above may have grown the memory, detaching `spreadView`.
    this.floor = marginFloor(input, this.bars.spread.view, lots);
  }

  /** Runs one combination of ma_cross's parameters (validated by the caller). */
  run(params: ParamValues): VectorisedOutcome {
    const kind = params.kind as string;
    const fast = this.average(kind, params.fast as number);
    const slow = this.average(kind, params.slow as number);
    const { kernels, signals, out } = this;
    kernels.crossovers(fast, slow, this.cross);
    const single = maCrossSignals(this.cross.view, this.input.startIndex, params.long_only as boolean, {
      entryLong: signals.entryLong.view,
      entryShort: signals.entryShort.view,
      exit: signals.exit.view,
    });
    if (!single) return { engine: "a tie between the averages makes the strategy stack a second position" };
    kernels.simulate(this.bars, signals, this.params, out);
    const views: SimulationOutput = {
      tradeCount: out.tradeCount,
      entryIndex: out.entryIndex.view,
      exitIndex: out.exitIndex.view,
      side: out.side.view,
      entryPrice: out.entryPrice.view,
      exitPrice: out.exitPrice.view,
      pnl: out.pnl.view,
      reason: out.reason.view,
      equity: out.equity.view,
    };
    // Negated so that a NaN (a bug, or a NaN price) sends the combination to the engine too.
    if (!(settleSwaps(this.frame, views, this.scratch) > this.floor))
      return { engine: "equity comes near the margin the entries need, which the simulator does not model" };
    return simulatedMetrics(this.frame, views, this.scratch);
  }

  /**
   * The strategy's average (its own twin, so crosses at ties match the engine's exactly). The
   * first `capacity` averages stay cached; later ones go to the least recently used spare slot.
   * Keeping the first ones (rather than evicting) keeps a fixed share of hits when a sweep cycles
   * through more periods than fit, where evicting the oldest would miss every time.
   */
  private average(kind: string, period: number): F64Column {
    const key = `${kind}:${period}`;
    const cached = this.averages.get(key) ?? this.spare.find((slot) => slot.key === key)?.column;
    if (cached) {
      this.touch(key);
      return cached;
    }
    let column: F64Column;
    if (this.averages.size < this.capacity) {
      column = this.kernels.arena.f64(this.close.length);
      this.averages.set(key, column);
    } else {
      const slot = this.spare[0];
      slot.key = key;
      column = slot.column;
      this.touch(key);
    }
    // ma_cross's init calls these twins; the wasm SMA sums in another order (≤ 1e-12 apart),
    // enough to turn a tie into a cross.
    (kind === "EMA" ? ema : sma)(this.close.view, period, column.view);
    return column;
  }

  /** Marks a spare slot as the most recently used (the other one is overwritten next). */
  private touch(key: string): void {
    if (this.spare[0].key === key) this.spare.reverse();
  }
}

/**
 * Equity at or below which the engine might refuse an entry or stop a position out: the largest
 * margin one position can need (at the highest ask) — a flat account below it could not carry the
 * next entry — or the stop-out level's share of it plus the most one position can lose between a
 * bar's close and any price the engine visits in the next or the same bar (a gap from the previous
 * close, the bar's range, the spread on both sides), whichever is higher. A conservative bound:
 * above it, no entry is refused and no stop-out happens, and the simulated run equals the engine's.
 */
function marginFloor(input: BacktestInput, spread: Float64Array, lots: number): number {
  const rows = input.bars as BarColumns;
  const { instrument, account } = input;
  const units = lots * instrument.contractSize;
  let highestAsk = 0;
  let worstMove = 0;
  for (let i = input.startIndex; i < rows.length; i++) {
    const s = spread[i - input.startIndex] * instrument.point;
    highestAsk = Math.max(highestAsk, rows.high[i] + s);
    const gap = i > 0 ? Math.abs(rows.open[i] - rows.close[i - 1]) : 0;
    worstMove = Math.max(worstMove, gap + rows.high[i] - rows.low[i] + 2 * s);
  }
  const margin = (units * highestAsk * instrument.marginRate) / account.leverage;
  return Math.max(margin, (account.stopOutLevel / 100) * margin + units * worstMove);
}
