import { DEFAULT_INSTRUMENTS } from "../src/core/data/instruments.ts";
import { TICK_FLAGS } from "../src/core/data/types.ts";
import type { TickData, UpstreamTick } from "../src/core/protocol/relay.ts";

/** A pip when neither an instrument nor the tick's digits say (the FX majors' 4th decimal). */
const FALLBACK_PIP = 0.0001;
const DEFAULT_FLAGS = TICK_FLAGS.bid | TICK_FLAGS.ask;

/** How a symbol's prices are shown and measured. */
export interface PriceScale {
  /** One pip in price. */
  pipSize: number;
  /** Decimal digits of a price. */
  digits: number;
}

/**
 * The pip size and digits of `symbol`: the built-in instrument's (also behind broker suffixes
 * such as `EURUSD.m` or `EURUSDm`), else from the price digits the EA sends — a pip is ten points
 * on 3- and 5-digit quotes, the FX convention, one point otherwise — else 5 digits and 0.0001.
 */
export function priceScaleOf(symbol: string, digits?: number): PriceScale {
  const upper = symbol.toUpperCase().replace(/^#/, "");
  const known = DEFAULT_INSTRUMENTS.find((instrument) => upper.startsWith(instrument.symbol));
  if (known) return { pipSize: known.pipSize, digits: known.digits };
  if (digits === undefined) return { pipSize: FALLBACK_PIP, digits: 5 };
  return { pipSize: 1 / 10 ** (digits === 3 || digits === 5 ? digits - 1 : digits), digits };
}

/**
 * The downstream `data` of a checked upstream tick: ISO time, spread in pips (to 0.01), null last.
 * The schema has bounded its time and prices, so the conversions here cannot fail.
 */
export function tickData(tick: UpstreamTick, scale: PriceScale, receivedMsc: number): TickData {
  return {
    symbol: tick.symbol,
    bid: tick.bid,
    ask: tick.ask,
    last: tick.last > 0 ? tick.last : null,
    volume: tick.volume,
    time: new Date(tick.time_msc).toISOString(),
    time_msc: tick.time_msc,
    spread: Math.round(((tick.ask - tick.bid) / scale.pipSize) * 100) / 100,
    digits: scale.digits,
    flags: tick.flags ?? DEFAULT_FLAGS,
    received_msc: receivedMsc,
  };
}

/** Builds `tick` frames, remembering each symbol's price scale. */
export class TickFramer {
  private readonly scales = new Map<string, PriceScale>();

  /** The frame `{"type":"tick","seq",data}` as UTF-8, encoded once for every client. */
  frame(seq: number, tick: UpstreamTick, receivedMsc: number): Buffer {
    let scale = this.scales.get(tick.symbol);
    if (scale === undefined) {
      scale = priceScaleOf(tick.symbol, tick.digits);
      this.scales.set(tick.symbol, scale);
    }
    return Buffer.from(JSON.stringify({ type: "tick", seq, data: tickData(tick, scale, receivedMsc) }));
  }
}
