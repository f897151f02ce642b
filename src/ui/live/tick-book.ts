import type { TickData } from "../../core/protocol/relay.ts";

/** The latest quote of a symbol, updated in place on every tick. */
export interface Quote {
  symbol: string;
  bid: number;
  ask: number;
  /** Pips. */
  spread: number;
  /** Price digits, for display. */
  digits: number;
  /** Broker time, UTC ms. */
  timeMsc: number;
  /** How the bid moved on the last tick that changed it: 1 up, -1 down, 0 not yet. */
  direction: -1 | 0 | 1;
  /** Ticks seen since the page connected. */
  count: number;
}

/** The last `capacity` ticks of one symbol as columns, oldest first from `start`. */
export class TickWindow {
  readonly time: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  /** Ticks ever added (the newest is at (total − 1) % capacity). */
  total = 0;

  constructor(readonly capacity: number) {
    this.time = new Float64Array(capacity);
    this.bid = new Float64Array(capacity);
    this.ask = new Float64Array(capacity);
  }

  push(timeMsc: number, bid: number, ask: number): void {
    const slot = this.total % this.capacity;
    this.time[slot] = timeMsc;
    this.bid[slot] = bid;
    this.ask[slot] = ask;
    this.total++;
  }

  /** Calls `visit` with the ticks numbered `from` (0-based, as counted by `total`) to the newest. */
  forEachSince(from: number, visit: (timeMsc: number, bid: number, ask: number, n: number) => void): void {
    for (let n = Math.max(from, this.total - this.capacity); n < this.total; n++) {
      const slot = n % this.capacity;
      visit(this.time[slot], this.bid[slot], this.ask[slot], n);
    }
  }

  /** Broker time of tick `n` while the window still holds it, else undefined. */
  timeOf(n: number): number | undefined {
    return n >= this.total - this.capacity && n < this.total && n >= 0 ? this.time[n % this.capacity] : undefined;
  }
}

/**
 * What the Live page shows, kept out of Solid stores (STYLE: ticks live next to the view and a
 * version number says when they changed): the latest quote per symbol and a window of recent
 * ticks per symbol for the mini chart. Adding a tick allocates nothing once its symbol is known.
 */
export class TickBook {
  private readonly quotes = new Map<string, Quote>();
  private readonly windows = new Map<string, TickWindow>();
  /** Bumped by every tick. */
  version = 0;

  /** @param windowSize ticks kept per symbol for the chart; default 2,000. */
  constructor(private readonly windowSize = 2000) {}

  add(tick: TickData): void {
    let quote = this.quotes.get(tick.symbol);
    if (!quote) {
      quote = {
        symbol: tick.symbol,
        bid: tick.bid,
        ask: tick.ask,
        spread: 0,
        digits: tick.digits,
        timeMsc: 0,
        direction: 0,
        count: 0,
      };
      this.quotes.set(tick.symbol, quote);
      this.windows.set(tick.symbol, new TickWindow(this.windowSize));
    } else if (tick.bid !== quote.bid) {
      quote.direction = tick.bid > quote.bid ? 1 : -1;
    }
    quote.bid = tick.bid;
    quote.ask = tick.ask;
    quote.spread = tick.spread;
    quote.timeMsc = tick.time_msc;
    quote.count++;
    this.windows.get(tick.symbol)?.push(tick.time_msc, tick.bid, tick.ask);
    this.version++;
  }

  /** Copies of the latest quotes, by symbol name. */
  snapshot(): Quote[] {
    return [...this.quotes.values()].map((quote) => ({ ...quote })).sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  /** The live quote of `symbol` (updated in place: copy it to keep it). */
  quote(symbol: string): Readonly<Quote> | undefined {
    return this.quotes.get(symbol);
  }

  window(symbol: string): TickWindow | undefined {
    return this.windows.get(symbol);
  }

  clear(): void {
    this.quotes.clear();
    this.windows.clear();
    this.version++;
  }
}
