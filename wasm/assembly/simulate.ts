// Vectorised simulation of a signal-driven strategy. The contract (fills, stops, costs, outputs)
// is documented once, on the TypeScript twin `simulateSignals` in
// src/core/strategy/indicators/simulate-signals.ts; this kernel does the same operations in the
// same order, so trades and equity are bit-identical.

const SIGNAL: u8 = 1;
const REVERSE: u8 = 2;
const STOP_LOSS: u8 = 3;
const TAKE_PROFIT: u8 = 4;
const END_OF_TEST: u8 = 5;

/** Where closed trades go: one column per field, `capacity` = bar count. */
let tradeEntryIndex: usize = 0;
let tradeExitIndex: usize = 0;
let tradeSide: usize = 0;
let tradeEntryPrice: usize = 0;
let tradeExitPrice: usize = 0;
let tradePnl: usize = 0;
let tradeReason: usize = 0;

/** Sets the trade columns of the next `simulate` call (a wasm call takes few arguments cheaply). */
export function setTradeColumns(
  entryIndex: usize,
  exitIndex: usize,
  side: usize,
  entryPrice: usize,
  exitPrice: usize,
  pnl: usize,
  reason: usize,
): void {
  tradeEntryIndex = entryIndex;
  tradeExitIndex = exitIndex;
  tradeSide = side;
  tradeEntryPrice = entryPrice;
  tradeExitPrice = exitPrice;
  tradePnl = pnl;
  tradeReason = reason;
}

/** Writes trade number `k` and returns its P&L net of the round-trip commission. */
function record(
  k: i32,
  entryIndex: i32,
  exitIndex: i32,
  side: f64,
  entryPrice: f64,
  exitPrice: f64,
  units: f64,
  roundTripCommission: f64,
  reason: u8,
): f64 {
  const pnl = side * (exitPrice - entryPrice) * units - roundTripCommission;
  store<i32>(tradeEntryIndex + ((<usize>k) << 2), entryIndex);
  store<i32>(tradeExitIndex + ((<usize>k) << 2), exitIndex);
  store<i8>(tradeSide + <usize>k, <i8>side);
  store<f64>(tradeEntryPrice + ((<usize>k) << 3), entryPrice);
  store<f64>(tradeExitPrice + ((<usize>k) << 3), exitPrice);
  store<f64>(tradePnl + ((<usize>k) << 3), pnl);
  store<u8>(tradeReason + <usize>k, reason);
  return pnl;
}

/** Runs the simulation over `n` bars; returns the number of trades written. */
export function simulate(
  n: i32,
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  spread: usize,
  entryLong: usize,
  entryShort: usize,
  exit: usize,
  point: f64,
  pipSize: f64,
  contractSize: f64,
  lots: f64,
  commissionPerLot: f64,
  slPips: f64,
  tpPips: f64,
  initialBalance: f64,
  equity: usize,
): i32 {
  const units = lots * contractSize;
  const commission = commissionPerLot * lots;
  const roundTripCommission = 2 * commission;
  const slDistance = slPips > 0 ? slPips * pipSize : Infinity;
  const tpDistance = tpPips > 0 ? tpPips * pipSize : Infinity;
  let balance = initialBalance;
  let count = 0;
  let side = 0.0;
  let entryIndex = 0;
  let entryPrice = 0.0;
  let sl = 0.0;
  let tp = 0.0;
  let c = 0.0;
  let sp = 0.0;
  for (let j = 0; j < n; j++) {
    const at = (<usize>j) << 3;
    const o = load<f64>(open + at);
    sp = load<f64>(spread + at) * point;
    const signal =
      j > 0
        ? load<u8>(entryLong + <usize>(j - 1)) | load<u8>(entryShort + <usize>(j - 1)) | load<u8>(exit + <usize>(j - 1))
        : 0;
    if (signal !== 0) {
      const wantsLong = load<u8>(entryLong + <usize>(j - 1)) !== 0;
      const wantsShort = load<u8>(entryShort + <usize>(j - 1)) !== 0;
      let target = side;
      if (load<u8>(exit + <usize>(j - 1)) !== 0) target = 0;
      else if (wantsLong !== wantsShort) target = wantsLong ? 1 : -1;
      if (target !== side) {
        if (side !== 0) {
          const price = side > 0 ? o : o + sp;
          const reason = target === 0 ? SIGNAL : REVERSE;
          balance += record(count++, entryIndex, j, side, entryPrice, price, units, roundTripCommission, reason);
        }
        side = target;
        if (side !== 0) {
          entryIndex = j;
          entryPrice = side > 0 ? o + sp : o;
          sl = entryPrice - side * slDistance;
          tp = entryPrice + side * tpDistance;
        }
      }
    }
    c = load<f64>(close + at);
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    if (side !== 0 && (side > 0 ? l <= sl || h >= tp : h + sp >= sl || l + sp <= tp)) {
      let price = NaN;
      let reason: u8 = 0;
      if (side > 0) {
        if (o <= sl) {
          price = o;
          reason = STOP_LOSS;
        } else if (o >= tp) {
          price = o;
          reason = TAKE_PROFIT;
        } else if (c >= o) {
          if (l <= sl) {
            price = sl;
            reason = STOP_LOSS;
          } else if (h >= tp) {
            price = tp;
            reason = TAKE_PROFIT;
          }
        } else if (h >= tp) {
          price = tp;
          reason = TAKE_PROFIT;
        } else if (l <= sl) {
          price = sl;
          reason = STOP_LOSS;
        }
      } else {
        const oAsk = o + sp;
        if (oAsk >= sl) {
          price = oAsk;
          reason = STOP_LOSS;
        } else if (oAsk <= tp) {
          price = oAsk;
          reason = TAKE_PROFIT;
        } else if (c >= o) {
          if (l + sp <= tp) {
            price = tp;
            reason = TAKE_PROFIT;
          } else if (h + sp >= sl) {
            price = sl;
            reason = STOP_LOSS;
          }
        } else if (h + sp >= sl) {
          price = sl;
          reason = STOP_LOSS;
        } else if (l + sp <= tp) {
          price = tp;
          reason = TAKE_PROFIT;
        }
      }
      if (reason !== 0) {
        balance += record(count++, entryIndex, j, side, entryPrice, price, units, roundTripCommission, reason);
        side = 0;
      }
    }
    const mark = side > 0 ? c : c + sp;
    store<f64>(equity + at, side === 0 ? balance : balance + side * (mark - entryPrice) * units - commission);
  }
  if (side !== 0) {
    const price = side > 0 ? c : c + sp;
    balance += record(count++, entryIndex, n - 1, side, entryPrice, price, units, roundTripCommission, END_OF_TEST);
    store<f64>(equity + ((<usize>(n - 1)) << 3), balance);
  }
  return count;
}
