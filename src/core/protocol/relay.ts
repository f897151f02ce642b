import { Temporal } from "@js-temporal/polyfill";
import { z } from "zod";
import { historyAckSchema, historyCancelSchema, historyChunkSchema, historyRequestSchema } from "./mt5.ts";
import { symbolSchema } from "./symbol.ts";

/**
 * The relay protocol (SPEC §7), shared by the relay (relay/) and the browser's Live page.
 *
 * Downstream, between relay and browser: JSON text frames, one message per frame.
 * - client → relay: `auth`, `subscribe`, `unsubscribe`, `ping`, `resume` (ClientFrame).
 * - relay → client: `hello`, `tick`, `heartbeat`, `subscribed`, `resumed`, `dropped`, `account`,
 *   `pong`, `error` (RelayFrame).
 * `seq` numbers the ticks of one relay run (`relay_id`), from 1, one apart, across all symbols, so a
 * client subscribed to some symbols sees gaps; `resume` asks for every subscribed tick after a seq.
 *
 * Upstream, from MT5 into the relay: the same tick shape from a WebSocket bridge
 * (`{"type":"tick","data":{…}}`) or one JSON object per line from the Expert Advisor
 * (`{"type":"tick","symbol":…}` flat), and account snapshots (`{"type":"account",…}`), see
 * `parseUpstreamMessage`.
 */

export { symbolSchema };
/** `*` in a subscribe or unsubscribe frame means every symbol. */
export const ALL_SYMBOLS = "*";
/** Most symbols one subscribe or unsubscribe frame may name. */
export const MAX_SYMBOLS_PER_FRAME = 256;
/** Most symbols one connection may be subscribed to (`*` subscribes to all and counts as none). */
export const MAX_SUBSCRIBED_SYMBOLS = 1000;

const symbolList = z
  .array(z.union([symbolSchema, z.literal(ALL_SYMBOLS)]))
  .min(1, "name at least one symbol, or '*' for all")
  .max(MAX_SYMBOLS_PER_FRAME);
const seqSchema = z.number().int().min(0);
const price = z.number().positive().finite();

// ---- client → relay ----

export const clientFrameSchemas = {
  /** The shared secret, when the relay has one and it was not given as `?token=` in the URL. */
  auth: z.strictObject({ type: z.literal("auth"), token: z.string().max(512) }),
  subscribe: z.strictObject({ type: z.literal("subscribe"), symbols: symbolList }),
  unsubscribe: z.strictObject({ type: z.literal("unsubscribe"), symbols: symbolList }),
  /** Answered by `pong` with the same `id`. */
  ping: z.strictObject({ type: z.literal("ping"), id: z.union([z.string().max(64), z.number()]).optional() }),
  /**
   * Deliver every subscribed tick after `seq`. Sent before `subscribe` on a new connection, the
   * subscription starts there, so nothing is missed or repeated; `relay_id` (from `hello`) lets
   * the relay tell a seq of this run from one of another run; without it the answer is never
   * `complete`.
   */
  resume: z.strictObject({ type: z.literal("resume"), seq: seqSchema, relay_id: z.string().max(64).optional() }),
  /**
   * History from the MT5 terminal (relay/mql5/PROTOCOL.md): answered by `history_start`, then
   * chunks (`history_rows` lines and a `history_chunk`), each sent only after the client's
   * `history_ack` of the one before, or by `history_error`.
   */
  history: historyRequestSchema,
  /** The client has stored chunk `chunk` of request `id`: the terminal may send the next. */
  history_ack: historyAckSchema,
  history_cancel: historyCancelSchema,
} as const;

export type ClientFrameType = keyof typeof clientFrameSchemas;
export type ClientFrame = { [T in ClientFrameType]: z.infer<(typeof clientFrameSchemas)[T]> }[ClientFrameType];
export const CLIENT_FRAME_TYPES = Object.keys(clientFrameSchemas) as ClientFrameType[];

// ---- relay → client ----

/** One tick as the relay sends it. Prices in the quote currency. */
export const tickDataSchema = z.object({
  symbol: symbolSchema,
  bid: price,
  ask: price,
  /** Last deal price; null when the feed has none (FX). */
  last: price.nullable(),
  volume: z.number().min(0),
  /** Broker time of the tick, ISO 8601 UTC with milliseconds. */
  time: z.string(),
  /** The same instant in UTC epoch ms. */
  time_msc: z.number(),
  /** ask − bid in pips of the instrument (e.g. 0.0001 for EURUSD). */
  spread: z.number(),
  /** Decimal digits of the symbol's prices, for display. */
  digits: z.number().int().min(0).max(10),
  /** MT5 tick flag bits (bid 2, ask 4, last 8, volume 16, buy 32, sell 64). */
  flags: z.number().int(),
  /** When the relay received it: UTC epoch ms, with a sub-millisecond fraction. */
  received_msc: z.number(),
});
export type TickData = z.infer<typeof tickDataSchema>;

export const positionSchema = z.object({
  ticket: z.number().int(),
  symbol: symbolSchema,
  side: z.enum(["buy", "sell"]),
  /** Lots. */
  volume: z.number().positive(),
  price_open: price,
  price_current: price.optional(),
  /** Stop-loss and take-profit prices; 0 or absent when none (MT5's convention). */
  sl: z.number().min(0).default(0),
  tp: z.number().min(0).default(0),
  /** Floating profit and accumulated swap in the account currency. */
  profit: z.number(),
  swap: z.number().default(0),
  /** Open time, UTC epoch ms. */
  time_msc: z.number().optional(),
});
export type Position = z.infer<typeof positionSchema>;

export const balanceUpdateSchema = z.object({
  event: z.literal("balance_update"),
  balance: z.number(),
  equity: z.number(),
  margin: z.number(),
  free_margin: z.number(),
  currency: z.string().max(8).optional(),
  /** When the relay received the snapshot, ISO 8601 UTC. */
  time: z.string(),
});
/** A pending order of the MT5 account. */
export const orderSchema = z.object({
  ticket: z.number().int(),
  symbol: symbolSchema,
  kind: z.enum(["buy_limit", "sell_limit", "buy_stop", "sell_stop", "buy_stop_limit", "sell_stop_limit"]),
  /** Lots. */
  volume: z.number().positive(),
  price_open: price,
  sl: z.number().min(0).default(0),
  tp: z.number().min(0).default(0),
  /** Placed, UTC epoch ms. */
  time_msc: z.number().optional(),
  /** UTC epoch ms; 0 or absent: good till cancelled. */
  expiration_msc: z.number().min(0).default(0),
});
export type PendingOrder = z.infer<typeof orderSchema>;

export const positionUpdateSchema = z.object({
  event: z.literal("position_update"),
  positions: z.array(positionSchema),
  /** Pending orders; absent when the upstream does not send them. */
  orders: z.array(orderSchema).optional(),
  time: z.string(),
});
export const accountDataSchema = z.discriminatedUnion("event", [balanceUpdateSchema, positionUpdateSchema]);
export type AccountData = z.infer<typeof accountDataSchema>;

/** What the upstream is doing, as `heartbeat`, `hello` and `/health` report it. */
export const upstreamStateSchema = z.enum(["starting", "connecting", "connected", "reconnecting", "stopped"]);
export type UpstreamState = z.infer<typeof upstreamStateSchema>;

export const relayFrameSchemas = {
  /** First frame after the connection is accepted (and authenticated). */
  hello: z.object({
    type: z.literal("hello"),
    relay_id: z.string(),
    version: z.string(),
    source: z.string(),
    /** Symbols the relay has seen or was told to serve. */
    symbols: z.array(symbolSchema),
    /** Seq of the newest tick so far (0: none yet). */
    seq: seqSchema,
    heartbeat_ms: z.number(),
    /**
     * What this relay understands beyond the basics: `subscribe_all` (`*` in subscribe),
     * `resume`, `history`. A relay fed by another relay reads it before sending `*`.
     */
    features: z.array(z.string()).optional(),
  }),
  tick: z.object({ type: z.literal("tick"), seq: seqSchema, data: tickDataSchema }),
  heartbeat: z.object({
    type: z.literal("heartbeat"),
    seq: seqSchema,
    time: z.string(),
    upstream: upstreamStateSchema,
    symbols: z.array(symbolSchema),
  }),
  /** The connection's whole subscription after a subscribe or unsubscribe (`*` for all). */
  subscribed: z.object({ type: z.literal("subscribed"), symbols: z.array(z.string()) }),
  /**
   * Answer to `resume`: `complete` is true only when every tick after `seq` follows; false when
   * some are gone (older than the ring buffer), or the seq is another relay run's or may be (no
   * `relay_id`). Delivery starts at `from_seq`.
   */
  resumed: z.object({ type: z.literal("resumed"), seq: seqSchema, from_seq: seqSchema, complete: z.boolean() }),
  /**
   * The client fell behind: of the subscribed ticks `from_seq`…`to_seq`, `count` were skipped and
   * only the latest per symbol follow.
   */
  dropped: z.object({
    type: z.literal("dropped"),
    count: z.number().int().min(1),
    from_seq: seqSchema,
    to_seq: seqSchema,
  }),
  account: z.object({ type: z.literal("account"), data: accountDataSchema }),
  pong: z.object({ type: z.literal("pong"), id: z.union([z.string(), z.number()]).optional(), time: z.string() }),
  error: z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  /**
   * The MT5 terminal the relay's EA port is fed by: sent when one says `hello` or goes away, and
   * to a new client after `hello` while one is connected. `connected: false` leaves the rest empty.
   */
  terminal: z.object({
    type: z.literal("terminal"),
    connected: z.boolean(),
    server: z.string(),
    company: z.string(),
    ea: z.string(),
    server_offset_ms: z.number(),
    features: z.array(z.string()),
  }),
  /** A history request was handed to the terminal: which one (its trade server and offset now). */
  history_start: z.object({
    type: z.literal("history_start"),
    id: z.string(),
    server: z.string(),
    company: z.string(),
    server_offset_ms: z.number(),
  }),
  /** Rows of a chunk, as the EA sent them (PROTOCOL.md `history_rows`; checked by readHistoryRows). */
  history_rows: z.looseObject({ type: z.literal("history_rows"), id: z.string(), chunk: z.number() }),
  history_chunk: historyChunkSchema,
  /** The request failed: the terminal's code and words as it gave them, or the relay's (`RELAY_…`). */
  history_error: z.object({ type: z.literal("history_error"), id: z.string(), code: z.string(), message: z.string() }),
} as const;

export type RelayFrameType = keyof typeof relayFrameSchemas;
export type RelayFrameOf<T extends RelayFrameType> = z.infer<(typeof relayFrameSchemas)[T]>;
export type RelayFrame = { [T in RelayFrameType]: RelayFrameOf<T> }[RelayFrameType];
export const relayFrameSchema = z.discriminatedUnion("type", [
  relayFrameSchemas.hello,
  relayFrameSchemas.tick,
  relayFrameSchemas.heartbeat,
  relayFrameSchemas.subscribed,
  relayFrameSchemas.resumed,
  relayFrameSchemas.dropped,
  relayFrameSchemas.account,
  relayFrameSchemas.pong,
  relayFrameSchemas.error,
  relayFrameSchemas.terminal,
  relayFrameSchemas.history_start,
  relayFrameSchemas.history_rows,
  relayFrameSchemas.history_chunk,
  relayFrameSchemas.history_error,
]);

/** Stable codes of `error` frames. */
export const RELAY_ERROR = {
  badJson: "RELAY_BAD_JSON",
  badFrame: "RELAY_BAD_FRAME",
  unknownType: "RELAY_UNKNOWN_TYPE",
  frameTooLarge: "RELAY_FRAME_TOO_LARGE",
  authRequired: "RELAY_AUTH_REQUIRED",
  authFailed: "RELAY_AUTH_FAILED",
  tooManyClients: "RELAY_TOO_MANY_CLIENTS",
  /** Pushed out to make room: too many connections were waiting to authenticate. */
  tooManyUnauthenticated: "RELAY_TOO_MANY_UNAUTHENTICATED",
  /** A subscribe that would take the subscription past MAX_SUBSCRIBED_SYMBOLS; nothing changed. */
  tooManySymbols: "RELAY_TOO_MANY_SYMBOLS",
  shuttingDown: "RELAY_SHUTTING_DOWN",
  /** History was asked for, and no terminal that serves it is connected. */
  noTerminal: "RELAY_NO_TERMINAL",
  /** A history request whose id is already in flight, or one too many from this client. */
  historyBusy: "RELAY_HISTORY_BUSY",
  /** The terminal went away while a history request was in flight: ask again from the last stored row. */
  terminalLost: "RELAY_TERMINAL_LOST",
} as const;

/** WebSocket close codes the relay uses (RFC 6455 §7.4.1 and the IANA registry). */
export const CLOSE_CODE = {
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  tryAgainLater: 1013,
} as const;

/**
 * How long a client waits before reconnection attempt `attempt` (0 first), ms: 250 ms doubling up
 * to 10 s, shortened by up to a fifth at random (`random` in [0, 1)) so that many clients cut off
 * together do not come back in step. The relay's upstream client and the Live page both use it.
 */
export function reconnectDelayMs(attempt: number, random: number): number {
  const full = Math.min(10_000, 250 * 2 ** Math.min(attempt, 16));
  return Math.round(full * (1 - 0.2 * random));
}

// ---- upstream → relay ----

/** Earliest tick time accepted from upstream, UTC epoch ms: 1970-01-01. */
export const UPSTREAM_TIME_MIN_MS = 0;
/**
 * Latest tick time accepted from upstream, UTC epoch ms: 2200-01-01. Later is a unit mistake (a
 * bridge sending µs or ns, or ms as seconds), far inside the range `Date` can print (8.64e15 ms).
 */
export const UPSTREAM_TIME_MAX_MS = Date.UTC(2200, 0, 1);
/**
 * Highest price accepted from upstream. Above any instrument's quote, and low enough that a spread
 * in pips (divided by a pip as small as 1e-10) stays a finite number.
 */
export const UPSTREAM_PRICE_MAX = 1e12;

const TIME_RANGE = "a tick time lies between 1970 and 2200";
const upstreamPrice = z.number().positive().max(UPSTREAM_PRICE_MAX);
const upstreamTimeMs = z.number().min(UPSTREAM_TIME_MIN_MS, TIME_RANGE).max(UPSTREAM_TIME_MAX_MS, TIME_RANGE);
const upstreamTimeSeconds = z
  .number()
  .min(UPSTREAM_TIME_MIN_MS / 1000, TIME_RANGE)
  .max(UPSTREAM_TIME_MAX_MS / 1000, TIME_RANGE);

/** UTC epoch ms of an ISO 8601 time with an offset; NaN when it names no instant. */
function isoTimeMs(text: string): number {
  try {
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return Number.NaN;
  }
}

const upstreamIsoTime = z.iso
  .datetime({ offset: true })
  .refine((text) => upstreamTimeMs.safeParse(isoTimeMs(text)).success, TIME_RANGE);

/**
 * A tick as an upstream sends it; times in UTC. Fields beyond these (e.g. `spread`) are ignored.
 * Every range is checked here, before anything converts a value: a time inside 1970–2200, positive
 * prices, ask ≥ bid. `parseUpstreamMessage` then gives the time as `time_msc` alone (UpstreamTick).
 */
export const upstreamTickSchema = z
  .object({
    symbol: symbolSchema,
    bid: upstreamPrice,
    ask: upstreamPrice,
    last: z.number().min(0).max(UPSTREAM_PRICE_MAX).default(0),
    volume: z.number().min(0).default(0),
    /** UTC epoch ms (MqlTick.time_msc, converted from server time). */
    time_msc: upstreamTimeMs.optional(),
    /** UTC epoch seconds (MqlTick.time) or ISO 8601 with an offset (`…Z`, `…+00:00`). */
    time: z.union([upstreamTimeSeconds, upstreamIsoTime]).optional(),
    flags: z.number().int().min(0).optional(),
    /** Price digits, so the relay can size a pip for symbols it has no instrument for. */
    digits: z.number().int().min(0).max(10).optional(),
    /** The EA's number of the tick in its session (PROTOCOL.md), acknowledged by the relay. */
    n: z.number().int().min(1).optional(),
  })
  .refine((tick) => tick.time_msc !== undefined || tick.time !== undefined, {
    message: "a tick needs time_msc (UTC ms) or time (UTC seconds or ISO 8601)",
    path: ["time_msc"],
  })
  .refine((tick) => tick.ask >= tick.bid, { message: "ask is below bid", path: ["ask"] });

/** A checked upstream tick, its time as UTC epoch ms in `time_msc`. */
export type UpstreamTick = Omit<z.output<typeof upstreamTickSchema>, "time" | "time_msc"> & { time_msc: number };

/**
 * The UpstreamTick of a tick the schema accepted: `time_msc`, else `time` in seconds or ISO 8601,
 * as `time_msc`. Built field by field rather than by a zod transform with a rest copy, which
 * parses each tick about four times slower.
 */
function toUpstreamTick(checked: z.output<typeof upstreamTickSchema>): UpstreamTick {
  const { symbol, bid, ask, last, volume, time, time_msc, flags, digits, n } = checked;
  const timeMsc = time_msc ?? (typeof time === "number" ? time * 1000 : isoTimeMs(time as string));
  return { symbol, bid, ask, last, volume, time_msc: timeMsc, flags, digits, n };
}

const upstreamFunds = {
  balance: z.number().finite(),
  equity: z.number().finite(),
  margin: z.number().finite(),
  free_margin: z.number().finite(),
  currency: z.string().max(8).optional(),
};

/** An account snapshot from the EA (or a bridge); positions in the shape of `positionSchema`. */
export const upstreamAccountSchema = z.object({
  ...upstreamFunds,
  positions: z.array(positionSchema).default([]),
  orders: z.array(orderSchema).optional(),
});
/** The original design's bridges send the two halves apart: `balance_update` and `position_update`. */
export const upstreamBalanceSchema = z.object(upstreamFunds);
export const upstreamPositionsSchema = z.object({
  positions: z.array(positionSchema),
  orders: z.array(orderSchema).optional(),
});
/**
 * What an upstream said of the account: the funds, the positions (and orders), or both. A part
 * that is absent was not in the message and keeps its last value.
 */
export type UpstreamAccount = Partial<z.infer<typeof upstreamBalanceSchema>> &
  Partial<z.infer<typeof upstreamPositionsSchema>>;

/**
 * The Expert Advisor's first line when the relay's mt5-socket port has a token
 * (`--upstream-token`); ignored when it has none.
 */
export const upstreamAuthSchema = z.strictObject({ type: z.literal("auth"), token: z.string().max(512) });

export type UpstreamMessage =
  | { kind: "tick"; tick: UpstreamTick }
  | { kind: "account"; account: UpstreamAccount }
  | { kind: "other"; type: string };

/** The account messages: the EA's whole snapshot, and the original design's two halves. */
const ACCOUNT_SCHEMAS = {
  account: upstreamAccountSchema,
  balance_update: upstreamBalanceSchema,
  position_update: upstreamPositionsSchema,
} as const;

/** Upstream message types that carry nothing for the relay: a bridge's acknowledgements, the EA's `auth` once read. */
const IGNORED_UPSTREAM_TYPES = new Set(["hello", "heartbeat", "subscribed", "pong", "info", "auth"]);

/**
 * Reads one parsed upstream JSON message: a tick or account snapshot, flat (the EA's lines) or
 * wrapped in `data` (the WebSocket bridge's frames), or a message to ignore.
 * @returns an error sentence instead when the message is not one of these.
 */
export function parseUpstreamMessage(value: unknown): UpstreamMessage | { error: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "not a JSON object" };
  const message = value as Record<string, unknown>;
  const type = message.type;
  const payload = typeof message.data === "object" && message.data !== null ? message.data : message;
  if (type === "tick") {
    const parsed = upstreamTickSchema.safeParse(payload);
    return parsed.success
      ? { kind: "tick", tick: toUpstreamTick(parsed.data) }
      : { error: describeFrameIssue("tick", parsed.error) };
  }
  const accountSchema = ACCOUNT_SCHEMAS[type as keyof typeof ACCOUNT_SCHEMAS];
  if (accountSchema && Object.hasOwn(ACCOUNT_SCHEMAS, type as string)) {
    const parsed = accountSchema.safeParse(payload);
    return parsed.success
      ? { kind: "account", account: parsed.data }
      : { error: describeFrameIssue(type as string, parsed.error) };
  }
  if (typeof type === "string" && IGNORED_UPSTREAM_TYPES.has(type)) return { kind: "other", type };
  return { error: `unknown message type ${JSON.stringify(type)}` };
}

/** The first issue of a failed parse as `what: field: problem`. */
export function describeFrameIssue(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "(frame)";
  return `${what}: ${field}: ${issue.message}`;
}
