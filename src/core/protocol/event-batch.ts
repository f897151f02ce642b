import type { BacktestResult } from "../engine/backtest.ts";
import type { ExitReason, OrderType, Side, Trade } from "../engine/orders.ts";
import { type OpenedPosition, type TradeFact, type TradeLineContext, tradeEvents } from "../engine/trade-events.ts";
import { Col, type TradeStrings, tradeFromRow, writeTradeRow } from "../engine/trade-log.ts";
import { PipscopeError } from "../errors.ts";
import type { BacktestEvent, BacktestEventData } from "./backtest.ts";

type LogEntry = BacktestEventData<"log_entry">;

/**
 * A batch of a run's events as the backtest worker posts it on `pipscope:backtest:<id>` and keeps
 * it in IndexedDB. Fills and closes are most of a run's events (a log line and a trade event
 * each), and as JSON they cost the run more than its own loop (about 1.6 µs an event). Here a fill
 * or close travels as its figures in typed arrays, its log line left to the reader to write; every
 * string of the batch sits in one text, a string equal to the previous one of its kind (the run
 * id, the wall-clock instant, the level) as a back-reference. A structured clone copies each part
 * in one go. Rare events (start, progress, complete, error) travel as JSON inside the text, but a
 * result's trades, the bulk of `backtest_complete`, as figures. `unpackEvents` gives back the
 * SPEC §6 envelopes.
 */
export interface PackedEvents {
  format: typeof FORMAT | typeof FORMAT_1;
  /** Seq of the first event and how many events there are (a fill or close is two). */
  first_seq: number;
  count: number;
  /** Per item: its kind, its seq, then per string the string's length (-1: same as the previous). */
  ints: Int32Array;
  /** Figures of fills, closes and a result's trades, in the order `EventPacker` writes them; NaN for no level. */
  numbers: Float64Array;
  /** Every string of the batch, one after another. */
  text: string;
}

const FORMAT = "pipscope-events/2";
/** Format 1 had no `entryEquity` figure at the end of a trade's row; its batches still decode. */
const FORMAT_1 = "pipscope-events/1";

enum Kind {
  Json = 0,
  Log = 1,
  Fill = 2,
  Close = 3,
  /** `backtest_complete`: JSON, its result's trades (most of it) as figures. */
  Complete = 4,
  /** What the fills and closes after it name (`TradeLineContext`); no event of its own. */
  Context = 5,
}

/** Each string field packed has its slot, which remembers the field's previous value. */
enum Slot {
  RunId,
  Timestamp,
  SimTime,
  Level,
  Message,
  Module,
  Logger,
  Symbol,
  Currency,
  OrderType,
  Side,
  Session,
  ExitReason,
  Comment,
  Count,
}

/** Ints (string lengths) and figures (its id, then its row) a trade takes in a batch. */
const TRADE_INTS = 3;
const TRADE_NUMBERS = 1 + Col.Count;
/** The most one item takes: a log line's 2 + 7 ints; a close's wall-clock instant and trade. */
const MAX_INTS = 9;
const MAX_NUMBERS = 1 + TRADE_NUMBERS;

/**
 * Packs a run's events as they come, into scratch arrays that grow to the largest batch; `take`
 * hands over copies of what the batch used and starts the next.
 */
export class EventPacker {
  private ints = new Int32Array(64 * MAX_INTS);
  private numbers = new Float64Array(64 * MAX_NUMBERS);
  private intAt = 0;
  private numberAt = 0;
  private firstSeq = -1;
  private events = 0;
  private readonly parts: string[] = [];
  private readonly previous: string[] = [];
  /** The context the batch's fills and closes name, once written. */
  private context: TradeLineContext | undefined;

  constructor() {
    this.reset();
  }

  /** Events packed since the last `take`. */
  get count(): number {
    return this.events;
  }

  /** Packs one SPEC §6 event. */
  event(event: BacktestEvent): void {
    if (event.type === "log_entry") {
      this.item(Kind.Log, event.seq, 1);
      const log = event.data;
      this.string(Slot.RunId, log.backtest_id);
      this.string(Slot.Timestamp, log.timestamp);
      this.string(Slot.SimTime, log.sim_time);
      this.string(Slot.Level, log.level);
      this.string(Slot.Message, log.message);
      this.string(Slot.Module, log.module);
      this.string(Slot.Logger, log.logger_name);
    } else if (event.type === "backtest_complete" && isResult(event.data.results)) {
      // A long run's trades would make this one event tens of MB of JSON, left for the GC.
      const { results } = event.data;
      const trades = results.trades;
      this.item(Kind.Complete, event.seq, 1);
      this.json({ ...event, data: { ...event.data, results: { ...results, trades: [] } } });
      this.ints[this.intAt++] = trades.length;
      this.reserve(trades.length * TRADE_INTS, trades.length * TRADE_NUMBERS);
      for (const trade of trades) {
        this.tradeStrings(trade.session, trade.exitReason, trade.comment);
        this.numbers[this.numberAt++] = trade.id;
        writeTradeRow(this.numbers, this.numberAt, trade);
        this.numberAt += Col.Count;
      }
    } else {
      this.item(Kind.Json, event.seq, 1);
      this.json(event);
    }
  }

  /** Packs a fill or close as the events `seq` (its log line) and `seq + 1` (the trade), at `wallMs`. */
  trade(fact: TradeFact, context: TradeLineContext, wallMs: number, seq: number): void {
    if (context !== this.context) {
      // Once a batch: the same for every fill and close of a run.
      this.context = context;
      this.item(Kind.Context, seq, 0);
      this.string(Slot.RunId, context.backtestId);
      this.string(Slot.Symbol, context.symbol);
      this.string(Slot.Currency, context.currency);
      this.numbers[this.numberAt++] = context.digits;
    }
    if (fact.action === "open") {
      this.item(Kind.Fill, seq, 2);
      this.string(Slot.OrderType, fact.orderType);
      const p = fact.position;
      const n = this.numbers;
      let k = this.numberAt;
      n[k++] = wallMs;
      n[k++] = p.id;
      n[k++] = p.side;
      n[k++] = p.lots;
      n[k++] = p.entryTime;
      n[k++] = p.entryPrice;
      n[k++] = p.sl;
      n[k++] = p.tp;
      this.numberAt = k;
      return;
    }
    this.item(Kind.Close, seq, 2);
    const { log, index } = fact;
    const strings = log.stringsAt(index);
    this.tradeStrings(strings.session, strings.exitReason, strings.comment);
    this.numbers[this.numberAt++] = wallMs;
    this.tradeRow(index + 1, log.rows, index * Col.Count);
  }

  /** A trade's strings, as `readTradeStrings` reads them. */
  private tradeStrings(session: string, exitReason: string, comment: string): void {
    this.string(Slot.Session, session);
    this.string(Slot.ExitReason, exitReason);
    this.string(Slot.Comment, comment);
  }

  /** A trade's id and its row of figures (`rows[at…]`, `Col` order), as `readTradeRow` reads them. */
  private tradeRow(id: number, rows: Float64Array, at: number): void {
    const n = this.numbers;
    let k = this.numberAt;
    n[k++] = id;
    for (let c = 0; c < Col.Count; c++) n[k++] = rows[at + c];
    this.numberAt = k;
  }

  /**
   * The batch packed so far; the packer starts a new one. A batch that fills over half of the
   * arrays takes them, and the packer starts on new ones: copying them cost as much as packing
   * them. A smaller one, flushed when the run yields, gets copies of its part, because a clone of a
   * view copies its whole buffer.
   */
  take(): PackedEvents {
    const full = this.intAt * 2 > this.ints.length && this.numberAt * 2 > this.numbers.length;
    const batch: PackedEvents = {
      format: FORMAT,
      first_seq: Math.max(0, this.firstSeq),
      count: this.events,
      ints: full ? this.ints.subarray(0, this.intAt) : this.ints.slice(0, this.intAt),
      numbers: full ? this.numbers.subarray(0, this.numberAt) : this.numbers.slice(0, this.numberAt),
      text: this.parts.join(""),
    };
    if (full) {
      this.ints = new Int32Array(this.ints.length);
      this.numbers = new Float64Array(this.numbers.length);
    }
    this.reset();
    return batch;
  }

  private reset(): void {
    this.intAt = 0;
    this.numberAt = 0;
    this.firstSeq = -1;
    this.events = 0;
    this.parts.length = 0;
    this.context = undefined;
    // No string is NUL: the first of each slot in a batch is always sent.
    this.previous.length = 0;
    for (let slot = 0; slot < Slot.Count; slot++) this.previous.push("\u0000");
  }

  private item(kind: Kind, seq: number, events: number): void {
    this.reserve(MAX_INTS, MAX_NUMBERS);
    if (this.firstSeq < 0) this.firstSeq = seq;
    this.events += events;
    this.ints[this.intAt++] = kind;
    this.ints[this.intAt++] = seq;
  }

  /** Room for `ints` more ints and `numbers` more figures. */
  private reserve(ints: number, numbers: number): void {
    if (this.intAt + ints > this.ints.length) this.ints = grown(this.ints, this.intAt + ints);
    if (this.numberAt + numbers > this.numbers.length) this.numbers = grown(this.numbers, this.numberAt + numbers);
  }

  private json(value: unknown): void {
    const json = JSON.stringify(value);
    this.ints[this.intAt++] = json.length;
    this.parts.push(json);
  }

  private string(slot: Slot, value: string): void {
    if (value === this.previous[slot]) {
      this.ints[this.intAt++] = -1;
      return;
    }
    this.previous[slot] = value;
    this.ints[this.intAt++] = value.length;
    this.parts.push(value);
  }
}

/** A copy of `array` with room for at least `length` values. */
function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Packs SPEC §6 events into one batch. */
export function packEvents(events: readonly BacktestEvent[]): PackedEvents {
  const packer = new EventPacker();
  for (const event of events) packer.event(event);
  return packer.take();
}

class Unpacker {
  private intAt = 0;
  private numberAt = 0;
  private textAt = 0;
  private readonly previous: string[] = new Array(Slot.Count).fill("");
  /** Figures in a trade's row: `Col.Count`, one fewer in format 1. */
  readonly tradeFigures: number;

  constructor(private readonly packed: PackedEvents) {
    this.tradeFigures = packed.format === FORMAT_1 ? Col.EntryEquity : Col.Count;
  }

  int(): number {
    if (this.intAt >= this.packed.ints.length) throw badBatch("it ends in the middle of an event");
    return this.packed.ints[this.intAt++];
  }

  string<T extends string = string>(slot: Slot): T {
    const length = this.int();
    if (length !== -1) this.previous[slot] = this.chars(length);
    return this.previous[slot] as T;
  }

  json(): BacktestEvent {
    const text = this.chars(this.int());
    try {
      return JSON.parse(text) as BacktestEvent;
    } catch (error) {
      throw badBatch(`an event's JSON does not parse: ${error}`);
    }
  }

  number(): number {
    if (this.numberAt >= this.packed.numbers.length) throw badBatch("it has fewer figures than its trades need");
    return this.packed.numbers[this.numberAt++];
  }

  /** Skips `count` figures; returns where they start in `numbers`. */
  figures(count: number): number {
    const at = this.numberAt;
    if (at + count > this.packed.numbers.length) throw badBatch("it has fewer figures than its trades need");
    this.numberAt += count;
    return at;
  }

  get numbers(): Float64Array {
    return this.packed.numbers;
  }

  private chars(length: number): string {
    const end = this.textAt + length;
    if (length < 0 || end > this.packed.text.length) throw badBatch("its text is shorter than its lengths say");
    const value = this.packed.text.slice(this.textAt, end);
    this.textAt = end;
    return value;
  }
}

/** The events of a packed batch, in order. Throws EVENTS_BAD_BATCH on a malformed batch. */
export function unpackEvents(packed: PackedEvents): BacktestEvent[] {
  if (packed?.format !== FORMAT && packed?.format !== FORMAT_1)
    throw badBatch(`its format is ${JSON.stringify(packed?.format)}, not ${FORMAT}`);
  const u = new Unpacker(packed);
  const events: BacktestEvent[] = [];
  let context: TradeLineContext | undefined;
  while (events.length < packed.count) {
    const kind = u.int();
    const seq = u.int();
    if (kind === Kind.Log) events.push({ type: "log_entry", seq, data: unpackLog(u) });
    else if (kind === Kind.Json) events.push(u.json());
    else if (kind === Kind.Context) context = unpackContext(u);
    else if (kind === Kind.Fill || kind === Kind.Close) {
      if (!context) throw badBatch(`event ${seq} is a fill or close before the run it belongs to is named`);
      events.push(...unpackTrade(u, kind, seq, context));
    } else if (kind === Kind.Complete) events.push(unpackComplete(u));
    else throw badBatch(`event ${events.length} has the unknown kind ${kind}`);
  }
  return events;
}

function unpackLog(u: Unpacker): LogEntry {
  return {
    backtest_id: u.string(Slot.RunId),
    timestamp: u.string(Slot.Timestamp),
    sim_time: u.string(Slot.SimTime),
    level: u.string<LogEntry["level"]>(Slot.Level),
    message: u.string(Slot.Message),
    module: u.string(Slot.Module),
    logger_name: u.string(Slot.Logger),
  };
}

/** A fill's or close's two events, read in the order `EventPacker.trade` wrote them. */
function unpackTrade(u: Unpacker, kind: Kind, seq: number, context: TradeLineContext): BacktestEvent[] {
  if (kind === Kind.Fill) {
    const orderType = u.string<OrderType>(Slot.OrderType);
    const wallMs = u.number();
    const position: OpenedPosition = {
      id: u.number(),
      side: u.number() as Side,
      lots: u.number(),
      entryTime: u.number(),
      entryPrice: u.number(),
      sl: u.number(),
      tp: u.number(),
    };
    return tradeEvents({ action: "open", position, orderType }, context, wallMs, seq);
  }
  const strings = readTradeStrings(u);
  const wallMs = u.number();
  return tradeEvents({ action: "close", trade: readTradeRow(u, strings) }, context, wallMs, seq);
}

function unpackContext(u: Unpacker): TradeLineContext {
  return {
    backtestId: u.string(Slot.RunId),
    symbol: u.string(Slot.Symbol),
    currency: u.string(Slot.Currency),
    digits: u.number(),
  };
}

/** A trade's strings, as `EventPacker.tradeStrings` wrote them. */
function readTradeStrings(u: Unpacker): TradeStrings {
  return {
    session: u.string(Slot.Session),
    exitReason: u.string<ExitReason>(Slot.ExitReason),
    comment: u.string(Slot.Comment),
  };
}

/** A trade's id and row, as `EventPacker.tradeRow` wrote them. */
function readTradeRow(u: Unpacker, strings: TradeStrings): Trade {
  const id = u.number();
  const at = u.figures(u.tradeFigures);
  if (u.tradeFigures === Col.Count) return tradeFromRow(u.numbers, at, id, strings);
  const row = new Float64Array(Col.Count).fill(Number.NaN);
  row.set(u.numbers.subarray(at, at + u.tradeFigures));
  return tradeFromRow(row, 0, id, strings);
}

/** A `backtest_complete` event: its JSON, then its result's trades. */
function unpackComplete(u: Unpacker): BacktestEvent {
  const event = u.json();
  const count = u.int();
  if (event.type !== "backtest_complete" || !isResult(event.data.results))
    throw badBatch(`event ${event.seq} should be backtest_complete with a result`);
  for (let i = 0; i < count; i++) event.data.results.trades.push(readTradeRow(u, readTradeStrings(u)));
  return event;
}

/**
 * A result packed the way `backtest_complete` carries it (its trades as figures): how the run
 * history keeps results, so a run of 30k trades stores and opens about as fast as a small one.
 */
export function packResult(result: BacktestResult): PackedEvents {
  return packEvents([{ type: "backtest_complete", seq: 0, data: { results: result } } as BacktestEvent]);
}

/** The result `packResult` packed. Throws EVENTS_BAD_BATCH on anything else. */
export function unpackResult(packed: PackedEvents): BacktestResult {
  const [event] = unpackEvents(packed);
  if (event?.type !== "backtest_complete" || !isResult(event.data.results)) throw badBatch("it should hold one result");
  return event.data.results;
}

function isResult(value: unknown): value is BacktestResult {
  return typeof value === "object" && value !== null && Array.isArray((value as { trades?: unknown }).trades);
}

/**
 * The events of a batch as posted or stored: packed, or the JSON text of earlier versions (a run
 * stored before an update, or posted by an older worker still running in another tab).
 */
export function decodeEventBatch(batch: PackedEvents | string): BacktestEvent[] {
  if (typeof batch !== "string") return unpackEvents(batch);
  try {
    return JSON.parse(batch) as BacktestEvent[];
  } catch (error) {
    throw badBatch(`its JSON does not parse: ${error}`);
  }
}

function badBatch(why: string): PipscopeError {
  return new PipscopeError("EVENTS_BAD_BATCH", `a batch of run events is malformed: ${why}`);
}
