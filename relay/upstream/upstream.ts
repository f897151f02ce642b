import type { UpstreamAccount, UpstreamState, UpstreamTick } from "../../src/core/protocol/relay.ts";
import type { Expert } from "./expert.ts";

/**
 * Largest upstream message read, in bytes: an EA line (without its terminator) or a bridge frame.
 * A tick takes about 150 bytes, an account snapshot about 250 per open position; anything longer
 * is skipped unread (and counted), so no upstream peer can make the relay hold more.
 */
export const MAX_UPSTREAM_MESSAGE_BYTES = 64 * 1024;

/** Where an upstream delivers what it reads. */
export interface UpstreamSink {
  /** A checked tick, and when it arrived (UTC epoch ms with a fraction, see nowMsc). */
  tick(tick: UpstreamTick, receivedMsc: number): void;
  account(account: UpstreamAccount, receivedMsc: number): void;
  state(state: UpstreamState): void;
  /** A message that could not be read: skipped, counted and logged. */
  bad(reason: string): void;
  /** A connection turned away before it could feed anything (e.g. without the token): counted and logged. */
  refused(reason: string): void;
  /** Something the user should act on (logged), e.g. a bridge that needs `--symbols`. */
  warn?(reason: string): void;
  /** This relay run's id, which the EA's `hello` answer carries. */
  readonly relayId: string;
  /** An EA line of a history answer (`history_rows`, `history_chunk`, `error` with an id), parsed and as sent. */
  history(line: { type: string; id: string } & Record<string, unknown>, text: string): void;
  /** An EA said `hello` (PROTOCOL.md) and may now be asked for history. */
  terminal?(expert: Expert): void;
  /** An EA that had said `hello` went away. */
  terminalLost?(expert: Expert): void;
}

/** A source of ticks: replay (file or synthetic), an MT5 WebSocket bridge, or the EA's socket. */
export interface Upstream {
  /** The `--source` it was made from, as the logs and `hello` show it. */
  readonly source: string;
  /** Symbols known before the first tick (replay knows all of them; MT5 sources none). */
  readonly symbols: readonly string[];
  /** Starts reading; resolves once it is running (listening, connecting or playing). */
  start(sink: UpstreamSink): Promise<void>;
  /** Stops and releases sockets and timers. */
  stop(): Promise<void>;
  /** The connected terminal that serves history, newest first (mt5-socket only). */
  terminal?(): Expert | undefined;
  /** Details for logs and `/metrics`, e.g. the port it listens on. */
  info(): Record<string, unknown>;
}
