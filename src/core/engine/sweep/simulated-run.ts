import { SIMULATED_EXITS, type SimulationOutput } from "../../strategy/indicators/index.ts";
import type { Money } from "../../units.ts";
import type { BacktestInput } from "../backtest.ts";
import { computeMetrics, type Metrics } from "../metrics.ts";
import type { Trade } from "../orders.ts";

/** What a simulated run shares with every combination: the rows, the account, costs and rollovers. */
export interface SimulatedFrame {
  /** Open times of every loaded row; the tested rows start at `start`. */
  time: Float64Array;
  start: number;
  firstOpen: number;
  lastClose: number;
  pipSize: number;
  lots: number;
  /** Commission of one side of a trade, in the account (= quote) currency. */
  commissionPerSide: Money;
  initialBalance: Money;
  /** FX day closes, where the metrics sample daily equity (the engine's `rollovers.time`). */
  dayCloses: Float64Array;
  /** Swap charges: the tested bar at which the engine processes each rollover, its swap days, money per day. */
  swaps?: { bar: Int32Array; days: Uint8Array; long: Money; short: Money };
}

/** A frame from the engine's input (fixed lots, per-lot commission: see eligibility.ts). */
export function makeSimulatedFrame(input: BacktestInput, lots: number, commissionPerLot: Money): SimulatedFrame {
  const rows = input.bars as NonNullable<BacktestInput["bars"]>;
  const { time } = rows;
  const start = input.startIndex;
  const rollovers = input.rollovers ?? { time: new Float64Array(0), days: new Uint8Array(0) };
  const { instrument } = input;
  const frame: SimulatedFrame = {
    time,
    start,
    firstOpen: rows.open[start],
    lastClose: rows.close[rows.length - 1],
    pipSize: instrument.pipSize,
    lots,
    commissionPerSide: lots * commissionPerLot,
    initialBalance: input.account.initialBalance,
    dayCloses: rollovers.time,
  };
  if (!input.costs.swaps || (instrument.swapLong === 0 && instrument.swapShort === 0)) return frame;
  // The engine charges, at the first bar at or after each rollover later than the first tested
  // bar (before that bar's open fills), every position open at that moment (backtest.ts, rollover).
  const bar: number[] = [];
  const days: number[] = [];
  let i = start;
  for (let r = 0; r < rollovers.time.length; r++) {
    const at = rollovers.time[r];
    if (at <= time[start]) continue;
    while (i < time.length && time[i] < at) i++;
    if (i === time.length) break;
    bar.push(i - start);
    days.push(rollovers.days[r]);
  }
  // Broker.chargeSwaps: points per lot per night, or money per lot per night (quote = account).
  const perDay = (rate: number) =>
    instrument.swapMode === "points" ? rate * instrument.point * instrument.contractSize * lots : rate * lots;
  frame.swaps = {
    bar: Int32Array.from(bar),
    days: Uint8Array.from(days),
    long: perDay(instrument.swapLong),
    short: perDay(instrument.swapShort),
  };
  return frame;
}

/** Per-worker scratch, one value per tested bar, reused by every combination. */
export interface SimulatedScratch {
  exposed: Uint8Array;
  swap: Float64Array;
}

export function makeSimulatedScratch(testedBars: number): SimulatedScratch {
  return { exposed: new Uint8Array(testedBars), swap: new Float64Array(testedBars) };
}

/**
 * Adds the swaps to a simulation's trades (P&L and `scratch.swap`) and equity, in place, and
 * returns the lowest equity at a bar's close (one pass for both). A charge made at bar k stays in
 * the equity from k on, floating while the trade is open and in the balance after. A trade
 * entered at bar e and left at bar x pays the rollovers processed at bars e < k ≤ x (entries fill
 * after the rollover of their bar, exits after it too).
 */
export function settleSwaps(frame: SimulatedFrame, out: SimulationOutput, scratch: SimulatedScratch): number {
  const { swap } = scratch;
  const { entryIndex, exitIndex, side, pnl, equity } = out;
  swap.fill(0, 0, out.tradeCount);
  let lowest = Number.POSITIVE_INFINITY;
  let total = 0;
  let from = 0;
  /** Adds the swaps charged so far to equity[from, to) and tracks its lowest value. */
  const shift = (to: number) => {
    for (; from < to; from++) {
      const value = equity[from] + total;
      equity[from] = value;
      if (value < lowest) lowest = value;
    }
  };
  const swaps = frame.swaps;
  if (swaps) {
    let t = 0;
    for (let r = 0; r < swaps.bar.length; r++) {
      const k = swaps.bar[r];
      while (t < out.tradeCount && exitIndex[t] < k) t++;
      if (t === out.tradeCount) break;
      if (entryIndex[t] >= k) continue;
      const charge = (side[t] > 0 ? swaps.long : swaps.short) * swaps.days[r];
      swap[t] += charge;
      shift(k);
      total += charge;
    }
    for (let i = 0; i < out.tradeCount; i++) pnl[i] += swap[i];
  }
  shift(equity.length);
  return lowest;
}

/**
 * The engine's metrics and trades of a simulated run (after `settleSwaps`). Trades carry what the
 * sweep's metrics read — P&L, commission, swap, times, prices; MAE/MFE are not simulated (NaN)
 * and the session is not looked up, so only SWEEP_METRICS (objective.ts) are to be read from the
 * metrics.
 */
export function simulatedMetrics(
  frame: SimulatedFrame,
  out: SimulationOutput,
  scratch: SimulatedScratch,
): { metrics: Metrics; trades: Trade[] } {
  const { time, start, lots, pipSize } = frame;
  const { exposed, swap } = scratch;
  const commission = 2 * frame.commissionPerSide;
  const trades: Trade[] = new Array(out.tradeCount);
  let balance = frame.initialBalance;
  const tested = out.equity.length;
  exposed.fill(0);
  for (let t = 0; t < out.tradeCount; t++) {
    const e = out.entryIndex[t];
    const x = out.exitIndex[t];
    const side = out.side[t];
    const reason = SIMULATED_EXITS[out.reason[t]] as Trade["exitReason"];
    // Held at a bar's close: from the entry bar up to the exit bar, which the exit leaves flat,
    // except at the end of the test, when the last bar closes with the position still open.
    exposed.fill(1, e, reason === "end_of_test" ? x + 1 : x);
    const pnl = out.pnl[t];
    // One position at a time: the account is flat before each entry, its equity the balance.
    const entryEquity = balance;
    balance += pnl;
    trades[t] = {
      id: t + 1,
      positionId: t + 1,
      side: side > 0 ? "long" : "short",
      lots,
      entryTime: time[start + e],
      entryPrice: out.entryPrice[t],
      exitTime: time[start + x],
      exitPrice: out.exitPrice[t],
      entryIndex: start + e,
      exitIndex: start + x,
      pnl,
      grossPnl: pnl + commission - swap[t],
      pips: (side * (out.exitPrice[t] - out.entryPrice[t])) / pipSize,
      commission,
      swap: swap[t],
      mae: Number.NaN,
      mfe: Number.NaN,
      sl: null,
      tp: null,
      entryEquity,
      session: "",
      exitReason: reason,
      comment: "",
    };
  }
  const metrics = computeMetrics({
    trades,
    initialBalance: frame.initialBalance,
    finalBalance: balance,
    time: time.subarray(start),
    equity: out.equity,
    exposed: exposed.subarray(0, tested),
    dayCloses: frame.dayCloses,
    firstOpen: frame.firstOpen,
    lastClose: frame.lastClose,
    start: time[start],
    end: time[time.length - 1],
    // The simulator runs only where the account can carry every entry (vectorised.ts `marginFloor`).
    refusedOrders: 0,
  });
  return { metrics, trades };
}
