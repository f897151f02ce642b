import type { OrderType, Side, Trade } from "../engine/orders.ts";
import { type OpenedPosition, type TradeFact, type TradeLineContext, tradeEvents } from "../engine/trade-events.ts";
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
 * in one go. Rare events (start, progress, complete, error) travel as JSON inside the text.
 * `unpackEvents` gives back the SPEC §6 envelopes.
 */
export interface PackedEvents {
  format: typeof FORMAT;
  /** Seq of the first event and how many events there are (a fill or close is two). */
  first_seq: number;
  count: number;
  /** Per item: its kind, its seq, then per string the string's length (-1: same as the previous). */
  ints: Int32Array;
  /** Figures of fills and closes, in the order `EventPacker.trade` writes them; NaN for no level. */
  numbers: Float64Array;
  /** Every string of the batch, one after another. */
  text: string;
}

const FORMAT = "pipscope-events/1";

enum Kind {
  Json = 0,
  Log = 1,
  Fill = 2,
  Close = 3,
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

/** The most ints and numbers one item takes (a log line or a close: 2 + 7 strings; a close: 20 figures). */
const MAX_INTS = 9;
const MAX_NUMBERS = 20;

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
    } else {
      this.item(Kind.Json, event.seq, 1);
      const json = JSON.stringify(event);
      this.ints[this.intAt++] = json.length;
      this.parts.push(json);
    }
  }

  /** Packs a fill or close as the events `seq` (its log line) and `seq + 1` (the trade), at `wallMs`. */
  trade(fact: TradeFact, context: TradeLineContext, wallMs: number, seq: number): void {
    this.item(fact.action === "open" ? Kind.Fill : Kind.Close, seq, 2);
    this.string(Slot.RunId, context.backtestId);
    this.string(Slot.Symbol, context.symbol);
    this.number(wallMs);
    this.number(context.digits);
    if (fact.action === "open") {
      const p = fact.position;
      this.string(Slot.OrderType, fact.orderType);
      this.number(p.id);
      this.number(p.side);
      this.number(p.lots);
      this.number(p.entryTime);
      this.number(p.entryPrice);
      this.number(p.sl);
      this.number(p.tp);
      return;
    }
    const t = fact.trade;
    this.string(Slot.Currency, context.currency);
    this.string(Slot.Side, t.side);
    this.string(Slot.Session, t.session);
    this.string(Slot.ExitReason, t.exitReason);
    this.string(Slot.Comment, t.comment);
    this.number(t.id);
    this.number(t.positionId);
    this.number(t.lots);
    this.number(t.entryTime);
    this.number(t.entryPrice);
    this.number(t.exitTime);
    this.number(t.exitPrice);
    this.number(t.entryIndex);
    this.number(t.exitIndex);
    this.number(t.pnl);
    this.number(t.grossPnl);
    this.number(t.pips);
    this.number(t.commission);
    this.number(t.swap);
    this.number(t.mae);
    this.number(t.mfe);
    this.number(t.sl ?? Number.NaN);
    this.number(t.tp ?? Number.NaN);
  }

  /** The batch packed so far; the packer starts a new one. */
  take(): PackedEvents {
    const batch: PackedEvents = {
      format: FORMAT,
      first_seq: Math.max(0, this.firstSeq),
      count: this.events,
      ints: this.ints.slice(0, this.intAt),
      numbers: this.numbers.slice(0, this.numberAt),
      text: this.parts.join(""),
    };
    this.reset();
    return batch;
  }

  private reset(): void {
    this.intAt = 0;
    this.numberAt = 0;
    this.firstSeq = -1;
    this.events = 0;
    this.parts.length = 0;
    // No string is NUL: the first of each slot in a batch is always sent.
    this.previous.length = 0;
    for (let slot = 0; slot < Slot.Count; slot++) this.previous.push("\u0000");
  }

  private item(kind: Kind, seq: number, events: number): void {
    if (this.intAt + MAX_INTS > this.ints.length) this.ints = grown(this.ints);
    if (this.numberAt + MAX_NUMBERS > this.numbers.length) this.numbers = grown(this.numbers);
    if (this.firstSeq < 0) this.firstSeq = seq;
    this.events += events;
    this.ints[this.intAt++] = kind;
    this.ints[this.intAt++] = seq;
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

  private number(value: number): void {
    this.numbers[this.numberAt++] = value;
  }
}

function grown<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
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

  constructor(private readonly packed: PackedEvents) {}

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

  /** A stop or target: NaN stands for none. */
  level(): number | null {
    const value = this.number();
    return Number.isNaN(value) ? null : value;
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
  if (packed?.format !== FORMAT) throw badBatch(`its format is ${JSON.stringify(packed?.format)}, not ${FORMAT}`);
  const u = new Unpacker(packed);
  const events: BacktestEvent[] = [];
  while (events.length < packed.count) {
    const kind = u.int();
    const seq = u.int();
    if (kind === Kind.Log) events.push({ type: "log_entry", seq, data: unpackLog(u) });
    else if (kind === Kind.Json) events.push(u.json());
    else if (kind === Kind.Fill || kind === Kind.Close) events.push(...unpackTrade(u, kind, seq));
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
function unpackTrade(u: Unpacker, kind: Kind, seq: number): BacktestEvent[] {
  const backtestId = u.string(Slot.RunId);
  const symbol = u.string(Slot.Symbol);
  const wallMs = u.number();
  const digits = u.number();
  if (kind === Kind.Fill) {
    const orderType = u.string<OrderType>(Slot.OrderType);
    const position: OpenedPosition = {
      id: u.number(),
      side: u.number() as Side,
      lots: u.number(),
      entryTime: u.number(),
      entryPrice: u.number(),
      sl: u.number(),
      tp: u.number(),
    };
    const context = { backtestId, symbol, digits, currency: "" };
    return tradeEvents({ action: "open", position, orderType }, context, wallMs, seq);
  }
  const context = { backtestId, symbol, digits, currency: u.string(Slot.Currency) };
  // Strings and figures are separate streams, each read in the order written: the keys keep
  // the order of the engine's trades.
  const trade: Trade = {
    id: u.number(),
    positionId: u.number(),
    side: u.string<Trade["side"]>(Slot.Side),
    lots: u.number(),
    entryTime: u.number(),
    entryPrice: u.number(),
    exitTime: u.number(),
    exitPrice: u.number(),
    entryIndex: u.number(),
    exitIndex: u.number(),
    pnl: u.number(),
    grossPnl: u.number(),
    pips: u.number(),
    commission: u.number(),
    swap: u.number(),
    mae: u.number(),
    mfe: u.number(),
    sl: u.level(),
    tp: u.level(),
    session: u.string(Slot.Session),
    exitReason: u.string<Trade["exitReason"]>(Slot.ExitReason),
    comment: u.string(Slot.Comment),
  };
  return tradeEvents({ action: "close", trade }, context, wallMs, seq);
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
