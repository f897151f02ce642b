import {
  type AccountData,
  ALL_SYMBOLS,
  MAX_SUBSCRIBED_SYMBOLS,
  type RelayFrameOf,
  type RelayFrameType,
  type UpstreamAccount,
  type UpstreamTick,
} from "../src/core/protocol/relay.ts";
import { TickRing } from "./ring.ts";
import { TickFramer } from "./tick-frame.ts";

/** What a frame other than a tick is, for `Outlet.sendLatest`: its type, or the account event. */
export type FrameKind = Exclude<RelayFrameType, "tick" | "dropped" | "account"> | AccountData["event"];

/** Where a client's frames go: its socket behind the send-buffer bound (BoundedOutlet), a fake in the tests. */
export interface Outlet {
  /** Sends one tick (or `dropped`) frame; the fan-out has checked `bufferedAmount` first. */
  send(frame: Buffer | string): void;
  /**
   * Sends any other frame within the client's send-buffer bound: while the buffer is full it
   * waits, replaced by a newer frame of the same kind.
   */
  sendLatest(kind: FrameKind, frame: string): void;
  /** Bytes accepted by `send` and not yet written to the network. */
  readonly bufferedAmount: number;
}

/** One client's delivery state: what it wants and how far through the ring it has got. */
export class Subscriber {
  readonly symbols = new Set<string>();
  all = false;
  /** Next seq to consider sending. */
  cursor = 0;
  /** Subscribed at least once: only then do ticks flow. */
  started = false;
  /** A `resume` placed the cursor: the first subscribe keeps it. */
  resumed = false;
  /** performance.now() ms when sending first stopped on a full buffer; 0 while it keeps up. */
  blockedSince = 0;
  retry: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly outlet: Outlet) {}

  wants(symbol: string): boolean {
    return this.all || this.symbols.has(symbol);
  }

  /** The subscription as the `subscribed` frame lists it. */
  list(): string[] {
    return this.all ? [ALL_SYMBOLS] : [...this.symbols].sort();
  }
}

/** Per-client send-buffer bound, bytes: 1 MiB. */
const DEFAULT_MAX_BUFFER_BYTES = 1 << 20;

export interface FanOutOptions {
  /** Ticks kept for `resume` and for slow clients; default 100,000. */
  ringCapacity?: number;
  /** Per-client bound on bytes queued for the network; default DEFAULT_MAX_BUFFER_BYTES. */
  maxBufferBytes?: number;
  /** How long a client may stay behind before its backlog is conflated, ms; default 2,000. */
  maxStallMs?: number;
  /** How often a blocked client's buffer is looked at again, ms; default 20. */
  retryMs?: number;
}

/** Totals since start, for `/metrics`. */
export interface FanOutCounters {
  ticksIn: number;
  /** Tick frames sent, summed over clients. */
  deliveries: number;
  /** Ticks skipped by conflation, summed over clients. */
  dropped: number;
}

/**
 * Fans ticks out to clients. Every tick is framed once, numbered and kept in a ring; each client
 * reads the ring at its own cursor, so a slow client never holds up the others: when its socket
 * holds more than `maxBufferBytes` it is skipped, and once it has stayed behind for `maxStallMs`
 * it gets only the latest tick per symbol of its backlog, after a `dropped` frame saying how many
 * it missed (conflation). A client that keeps up gets every tick, in seq order.
 */
export class FanOut {
  readonly ring: TickRing;
  readonly counters: FanOutCounters = { ticksIn: 0, deliveries: 0, dropped: 0 };
  /** Symbols seen so far, in arrival order. */
  readonly symbols = new Set<string>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly framer = new TickFramer();
  /** Per-client bound on bytes queued for the network, for ticks and every other frame alike. */
  readonly maxBufferBytes: number;
  private readonly maxStallMs: number;
  private readonly retryMs: number;
  private balanceKey = "";
  private positionsKey = "";
  /** The latest `account` frame of each event, for clients that join later. */
  private readonly latestAccount = new Map<AccountData["event"], string>();
  private terminalFrame: string | undefined;

  constructor(
    readonly relayId: string,
    options: FanOutOptions = {},
  ) {
    this.ring = new TickRing(options.ringCapacity);
    this.maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    this.maxStallMs = options.maxStallMs ?? 2000;
    this.retryMs = options.retryMs ?? 20;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a client (after it is accepted and authenticated) and sends it the latest account state. */
  add(outlet: Outlet): Subscriber {
    const subscriber = new Subscriber(outlet);
    subscriber.cursor = this.ring.head + 1;
    this.subscribers.add(subscriber);
    if (this.terminalFrame) outlet.sendLatest("terminal", this.terminalFrame);
    for (const [event, frame] of this.latestAccount) outlet.sendLatest(event, frame);
    return subscriber;
  }

  /** Tells every client which terminal feeds the relay now (and each new client, once it is in). */
  publishTerminal(frame: RelayFrameOf<"terminal">): void {
    this.terminalFrame = JSON.stringify(frame);
    for (const subscriber of this.subscribers) subscriber.outlet.sendLatest("terminal", this.terminalFrame);
  }

  remove(subscriber: Subscriber): void {
    clearTimeout(subscriber.retry);
    this.subscribers.delete(subscriber);
  }

  /** Numbers, frames and stores one tick, then sends it to every client that wants it. */
  publish(tick: UpstreamTick, receivedMsc: number): void {
    this.counters.ticksIn++;
    this.symbols.add(tick.symbol);
    this.ring.push(tick.symbol, this.framer.frame(this.ring.head + 1, tick, receivedMsc));
    for (const subscriber of this.subscribers) this.pump(subscriber);
  }

  /**
   * Adds symbols (`*`: all) to a subscription and starts delivery; returns the whole subscription,
   * or undefined, changing nothing, when it would hold more than MAX_SUBSCRIBED_SYMBOLS.
   */
  subscribe(subscriber: Subscriber, symbols: readonly string[]): string[] | undefined {
    const added = new Set(symbols.filter((symbol) => symbol !== ALL_SYMBOLS && !subscriber.symbols.has(symbol)));
    if (subscriber.symbols.size + added.size > MAX_SUBSCRIBED_SYMBOLS) return undefined;
    for (const symbol of symbols) {
      if (symbol === ALL_SYMBOLS) subscriber.all = true;
      else subscriber.symbols.add(symbol);
    }
    if (!subscriber.started) {
      subscriber.started = true;
      if (!subscriber.resumed) subscriber.cursor = this.ring.head + 1;
    }
    this.pump(subscriber);
    return subscriber.list();
  }

  /** Removes symbols (`*`: all of them); returns the whole subscription. */
  unsubscribe(subscriber: Subscriber, symbols: readonly string[]): string[] {
    for (const symbol of symbols) {
      if (symbol === ALL_SYMBOLS) {
        subscriber.all = false;
        subscriber.symbols.clear();
      } else subscriber.symbols.delete(symbol);
    }
    return subscriber.list();
  }

  /**
   * Moves a client's cursor to just after `seq`. Complete only when the relay can vouch that every
   * tick after it follows: `relayId` names this run, and those ticks are still in the ring. A seq
   * without a relay_id may be another run's (a client from before a restart), so it is incomplete
   * even when in range; one numbered by another run, or from the future, starts with the next new
   * tick; one older than the ring starts at the oldest tick still held.
   */
  resume(subscriber: Subscriber, seq: number, relayId?: string): RelayFrameOf<"resumed"> {
    const next = this.ring.head + 1;
    let from = seq + 1;
    let complete = relayId === this.relayId;
    if ((relayId !== undefined && relayId !== this.relayId) || from > next) {
      from = next;
      complete = false;
    } else if (from < this.ring.oldest) {
      from = this.ring.oldest;
      complete = false;
    }
    subscriber.cursor = from;
    subscriber.resumed = true;
    subscriber.blockedSince = 0;
    const frame: RelayFrameOf<"resumed"> = { type: "resumed", seq, from_seq: from, complete };
    subscriber.outlet.sendLatest("resumed", JSON.stringify(frame));
    if (subscriber.started) this.pump(subscriber);
    return frame;
  }

  /**
   * Turns what an upstream said of the account (the whole snapshot, or the funds or positions
   * alone) into `account` frames for whatever changed, sent to every client.
   */
  publishAccount(account: UpstreamAccount, receivedMsc: number): void {
    const time = new Date(receivedMsc).toISOString();
    const { balance, equity, margin, free_margin, currency, positions, orders } = account;
    const changed: AccountData["event"][] = [];
    if (balance !== undefined) {
      const balanceKey = JSON.stringify([balance, equity, margin, free_margin, currency]);
      if (balanceKey !== this.balanceKey) {
        const data = { event: "balance_update", balance, equity, margin, free_margin, currency, time };
        this.latestAccount.set("balance_update", JSON.stringify({ type: "account", data }));
        this.balanceKey = balanceKey;
        changed.push("balance_update");
      }
    }
    if (positions !== undefined) {
      const positionsKey = JSON.stringify([positions, orders]);
      if (positionsKey !== this.positionsKey) {
        const data = { event: "position_update", positions, orders, time };
        this.latestAccount.set("position_update", JSON.stringify({ type: "account", data }));
        this.positionsKey = positionsKey;
        changed.push("position_update");
      }
    }
    for (const subscriber of this.subscribers) {
      for (const event of changed) subscriber.outlet.sendLatest(event, this.latestAccount.get(event) as string);
    }
  }

  /** Sends what a client is owed, as far as its buffer allows. */
  pump(subscriber: Subscriber): void {
    if (!subscriber.started) {
      if (!subscriber.resumed) subscriber.cursor = this.ring.head + 1;
      return;
    }
    const outlet = subscriber.outlet;
    if (subscriber.blockedSince !== 0) {
      if (outlet.bufferedAmount > this.maxBufferBytes / 2) {
        this.retryLater(subscriber);
        return;
      }
      if (performance.now() - subscriber.blockedSince > this.maxStallMs) {
        this.conflate(subscriber);
        return;
      }
    }
    if (subscriber.cursor < this.ring.oldest) {
      this.conflate(subscriber);
      return;
    }
    const ring = this.ring;
    const head = ring.head;
    for (; subscriber.cursor <= head; subscriber.cursor++) {
      if (!subscriber.wants(ring.symbol(subscriber.cursor))) continue;
      if (outlet.bufferedAmount > this.maxBufferBytes) {
        if (subscriber.blockedSince === 0) subscriber.blockedSince = performance.now();
        this.retryLater(subscriber);
        return;
      }
      outlet.send(ring.frame(subscriber.cursor));
      this.counters.deliveries++;
    }
    subscriber.blockedSince = 0;
  }

  /** Sends `dropped` and the latest tick per wanted symbol of the backlog; the client is then current. */
  private conflate(subscriber: Subscriber): void {
    const ring = this.ring;
    const head = ring.head;
    const first = subscriber.cursor;
    // Ticks already overwritten are counted whatever their symbol: the ring no longer knows it.
    const lost = Math.max(0, ring.oldest - first);
    const latest = new Map<string, number>();
    let wanted = 0;
    for (let seq = first + lost; seq <= head; seq++) {
      const symbol = ring.symbol(seq);
      if (!subscriber.wants(symbol)) continue;
      latest.set(symbol, seq);
      wanted++;
    }
    const count = lost + wanted - latest.size;
    if (count > 0) {
      subscriber.outlet.send(JSON.stringify({ type: "dropped", count, from_seq: first, to_seq: head }));
      this.counters.dropped += count;
    }
    for (const seq of [...latest.values()].sort((a, b) => a - b)) subscriber.outlet.send(ring.frame(seq));
    this.counters.deliveries += latest.size;
    subscriber.cursor = head + 1;
    subscriber.blockedSince = 0;
  }

  private retryLater(subscriber: Subscriber): void {
    if (subscriber.retry !== undefined) return;
    subscriber.retry = setTimeout(() => {
      subscriber.retry = undefined;
      if (this.subscribers.has(subscriber)) this.pump(subscriber);
    }, this.retryMs);
  }
}
