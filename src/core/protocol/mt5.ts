import { z } from "zod";
import { TIMEFRAMES } from "../data/types.ts";
import { symbolSchema } from "./symbol.ts";

/**
 * The EA ↔ relay protocol (relay/mql5/PROTOCOL.md, version 1): one JSON object per line over TCP
 * between the Expert Advisor in a MetaTrader 5 terminal and the relay's mt5-socket upstream. The
 * tick and account lines are read by `parseUpstreamMessage` (relay.ts), shared with the WebSocket
 * bridges; this module holds the rest: the handshake, acknowledgements and history.
 */

/** The protocol version this build speaks (PROTOCOL.md's title). */
export const MT5_PROTOCOL_VERSION = 1;
/** Rows per history chunk the relay asks for, and the bounds a request may name. */
export const HISTORY_CHUNK_ROWS = 50_000;
export const HISTORY_CHUNK_ROWS_MIN = 1000;
export const HISTORY_CHUNK_ROWS_MAX = 100_000;
/**
 * How far the EA widens a history request on each side, ms: it asks the terminal for server times
 * shifted by today's offset, and an older offset differs by a daylight-saving hour or so.
 */
export const HISTORY_MARGIN_MS = 4 * 3_600_000;

const requestId = z.string().min(1).max(64);
const chunkIndex = z.number().int().min(0);
const utcMs = z
  .number()
  .int()
  .min(0)
  .max(Date.UTC(2200, 0, 1));

// ---- EA → relay ----

export const eaHelloSchema = z.object({
  type: z.literal("hello"),
  protocol: z.number().int().min(1),
  ea: z.string().max(64),
  session: z.string().min(1).max(64),
  server: z.string().max(128),
  company: z.string().max(128),
  /** Trade server time minus UTC now, ms. */
  server_offset_ms: z
    .number()
    .int()
    .min(-24 * 3_600_000)
    .max(24 * 3_600_000),
  symbols: z.array(symbolSchema).max(5000),
  features: z.array(z.string().max(32)).max(32),
});
export type EaHello = z.infer<typeof eaHelloSchema>;

/** The EA's `history_chunk`: a chunk of `rows` rows has been sent; `last` ends the answer. */
export const historyChunkSchema = z.object({
  type: z.literal("history_chunk"),
  id: requestId,
  chunk: chunkIndex,
  rows: z.number().int().min(0),
  last: z.boolean(),
});
export type HistoryChunk = z.infer<typeof historyChunkSchema>;

/** The EA's `error`: about a request (`id`) or not. */
export const eaErrorSchema = z.object({
  type: z.literal("error"),
  id: requestId.optional(),
  code: z.string().max(32),
  message: z.string().max(2000),
});

// ---- relay → EA ----

export const relayHelloSchema = z.object({
  type: z.literal("hello"),
  protocol: z.number().int(),
  relay_id: z.string(),
  /** The last tick `n` of the EA's session the relay has taken; 0 when none or unknown. */
  last_n: z.number().int().min(0),
  features: z.array(z.string()),
});
export const ackSchema = z.object({ type: z.literal("ack"), n: z.number().int().min(1) });

/** A history request: what the client sends the relay, and the relay the EA. */
export const historyRequestSchema = z
  .strictObject({
    type: z.literal("history"),
    id: requestId,
    symbol: symbolSchema,
    kind: z.enum(["bars", "ticks"]),
    timeframe: z.enum(TIMEFRAMES).optional(),
    /** UTC epoch ms, inclusive. */
    from_msc: utcMs,
    /** UTC epoch ms, exclusive. */
    to_msc: utcMs,
    chunk_rows: z.number().int().min(HISTORY_CHUNK_ROWS_MIN).max(HISTORY_CHUNK_ROWS_MAX).optional(),
  })
  .refine((r) => r.kind === "ticks" || r.timeframe !== undefined, {
    message: "a bars request names its timeframe",
    path: ["timeframe"],
  })
  .refine((r) => r.to_msc > r.from_msc, { message: "to_msc must be after from_msc", path: ["to_msc"] });
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

export const historyAckSchema = z.strictObject({ type: z.literal("history_ack"), id: requestId, chunk: chunkIndex });
export const historyCancelSchema = z.strictObject({ type: z.literal("history_cancel"), id: requestId });

// ---- history rows ----

/** The columns of a `history_rows` line of each kind, as PROTOCOL.md names them. */
export const HISTORY_COLUMNS = {
  bars: ["time", "open", "high", "low", "close", "tick_volume", "volume", "spread"],
  ticks: ["time", "bid", "ask", "last", "volume", "flags"],
} as const;

export type HistoryKind = keyof typeof HISTORY_COLUMNS;
/** A `history_rows` line's columns, checked: equal lengths, finite numbers. */
export interface HistoryRows {
  id: string;
  chunk: number;
  length: number;
  /** By PROTOCOL.md's names (`tick_volume`, not `tickVolume`). */
  columns: Record<string, number[]>;
}

/**
 * Checks a parsed `history_rows` line of `kind`: every column of that kind present, arrays of
 * finite numbers of one length. A hand-written check, not a zod schema: a pull reads millions of
 * values, and this is one loop over each column.
 * @returns the rows, or a sentence naming the first problem.
 */
export function readHistoryRows(value: unknown, kind: HistoryKind): HistoryRows | { error: string } {
  const line = value as Record<string, unknown>;
  if (typeof line?.id !== "string" || !Number.isInteger(line.chunk))
    return { error: "history_rows: id or chunk missing" };
  let length = -1;
  const columns: Record<string, number[]> = {};
  for (const name of HISTORY_COLUMNS[kind]) {
    const column = line[name];
    if (!Array.isArray(column)) return { error: `history_rows: ${name}: not an array of numbers` };
    if (length < 0) length = column.length;
    else if (column.length !== length)
      return { error: `history_rows: ${name} has ${column.length} values, time has ${length}` };
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (typeof v !== "number" || !Number.isFinite(v))
        return { error: `history_rows: ${name}[${i}] is not a finite number (${JSON.stringify(v)})` };
    }
    columns[name] = column;
  }
  return { id: line.id, chunk: line.chunk as number, length, columns };
}
