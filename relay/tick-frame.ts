import { DEFAULT_INSTRUMENTS } from "../src/core/data/instruments.ts";
import { TICK_FLAGS } from "../src/core/data/types.ts";
import { type TickData, type UpstreamTick, upstreamTickTime } from "../src/core/protocol/relay.ts";

/** A pip when neither an instrument nor the tick's digits say (the FX majors' 4th decimal). */
const FALLBACK_PIP = 0.0001;
const DEFAULT_FLAGS = TICK_FLAGS.bid | TICK_FLAGS.ask;

/**
 * The pip size of `symbol`: the built-in instrument's (also for broker suffixes such as
 * `EURUSD.m` or `EURUSDm`), else from the price digits the EA sends — ten points on 3- and 5-digit
 * quotes, the FX convention, one point otherwise — else 0.0001.
 */
export function pipSizeOf(symbol: string, digits?: number): number {
  const upper = symbol.toUpperCase().replace(/^#/, "");
  const known = DEFAULT_INSTRUMENTS.find((instrument) => upper.startsWith(instrument.symbol));
  if (known) return known.pipSize;
  if (digits === undefined) return FALLBACK_PIP;
  return 1 / 10 ** (digits === 3 || digits === 5 ? digits - 1 : digits);
}

/** The downstream `data` of a checked upstream tick: ISO time, spread in pips (to 0.01), null last. */
export function tickData(tick: UpstreamTick, pipSize: number, receivedMsc: number): TickData {
  const timeMsc = upstreamTickTime(tick);
  return {
    symbol: tick.symbol,
    bid: tick.bid,
    ask: tick.ask,
    last: tick.last > 0 ? tick.last : null,
    volume: tick.volume,
    time: new Date(timeMsc).toISOString(),
    time_msc: timeMsc,
    spread: Math.round(((tick.ask - tick.bid) / pipSize) * 100) / 100,
    flags: tick.flags ?? DEFAULT_FLAGS,
    received_msc: receivedMsc,
  };
}

/** Builds `tick` frames, remembering each symbol's pip size. */
export class TickFramer {
  private readonly pips = new Map<string, number>();

  /** The frame `{"type":"tick","seq",data}` as UTF-8, encoded once for every client. */
  frame(seq: number, tick: UpstreamTick, receivedMsc: number): Buffer {
    let pip = this.pips.get(tick.symbol);
    if (pip === undefined) {
      pip = pipSizeOf(tick.symbol, tick.digits);
      this.pips.set(tick.symbol, pip);
    }
    return Buffer.from(JSON.stringify({ type: "tick", seq, data: tickData(tick, pip, receivedMsc) }));
  }
}
