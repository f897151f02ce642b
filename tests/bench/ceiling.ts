/**
 * The ceiling of the MA-cross loop: the least code that computes the same SMA 10/30 crosses over
 * the same typed arrays and fills them as the engine does (at the next bar's open, buys at the ask,
 * an equity value per bar), with nothing else — no strategy API, no broker, no log, no result.
 * Run as a fresh process: `node --import tsx tests/bench/ceiling.ts <data-dir> <dataset>`; prints
 * `{ rows, trades, ms }` for the first and only run. Loading the rows is not timed.
 */
import { MarketStore } from "../../src/store/market-store.ts";
import { openNodeHost } from "../../src/store/node-host.ts";

const [dataDir, dataset] = process.argv.slice(2);
const store = await MarketStore.open(await openNodeHost(dataDir));
const { rows } = await store.bars("EURUSD", "M1", 0, Date.UTC(2100, 0, 1), 0, dataset);
const { open, close, spread, length } = rows;

const started = performance.now();
const FAST = 10;
const SLOW = 30;
const POINT = 0.00001;
const UNITS = 0.1 * 100_000;
const equity = new Float64Array(length);
let fastSum = 0;
let slowSum = 0;
let above = 0; // 1: fast above slow, -1: below, 0: not yet known
let pending = 0; // the side to take at the next open
let side = 0;
let entry = 0;
let balance = 10_000_000;
let trades = 0;
for (let i = 0; i < length; i++) {
  const bid = open[i];
  const ask = bid + spread[i] * POINT;
  if (pending !== 0) {
    if (side !== 0) {
      balance += side * ((side === 1 ? bid : ask) - entry) * UNITS;
      trades++;
    }
    side = pending;
    entry = side === 1 ? ask : bid;
    pending = 0;
  }
  fastSum += close[i] - (i >= FAST ? close[i - FAST] : 0);
  slowSum += close[i] - (i >= SLOW ? close[i - SLOW] : 0);
  if (i >= SLOW - 1) {
    const now = fastSum / FAST > slowSum / SLOW ? 1 : -1;
    if (above !== 0 && now !== above) pending = now;
    above = now;
  }
  equity[i] = balance + (side === 0 ? 0 : side * (close[i] - entry) * UNITS);
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ rows: length, trades, ms, last: equity[length - 1] })}\n`);
