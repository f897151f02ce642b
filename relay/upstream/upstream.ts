import type { UpstreamAccount, UpstreamState, UpstreamTick } from "../../src/core/protocol/relay.ts";

/** Where an upstream delivers what it reads. */
export interface UpstreamSink {
  /** A checked tick, and when it arrived (UTC epoch ms with a fraction, see nowMsc). */
  tick(tick: UpstreamTick, receivedMsc: number): void;
  account(account: UpstreamAccount, receivedMsc: number): void;
  state(state: UpstreamState): void;
  /** A message that could not be read: skipped, counted and logged. */
  bad(reason: string): void;
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
  /** Details for logs and `/metrics`, e.g. the port it listens on. */
  info(): Record<string, unknown>;
}
