import WebSocket from "ws";
import { ALL_SYMBOLS } from "../../src/core/protocol/relay.ts";
import { Backoff } from "./backoff.ts";
import { readUpstreamText } from "./read-message.ts";
import { MAX_UPSTREAM_MESSAGE_BYTES, type Upstream, type UpstreamSink } from "./upstream.ts";

export interface Mt5WsOptions {
  backoff?: Backoff;
  /** How often the bridge is pinged; no pong by the next ping ends the connection. Default 15 s. */
  pingMs?: number;
  /**
   * How long a connection must stay up, when it delivers no tick, before the backoff starts over,
   * ms. Default 30 s.
   */
  stableMs?: number;
  /** Without `symbols`, how long to wait for the bridge's `hello` before subscribing, ms. Default 2 s. */
  helloWaitMs?: number;
}

/**
 * What a bridge's `hello` offers to subscribe to: `*` when its `features` say `subscribe_all`
 * (as this relay's own hello does), else the `symbols` it lists; undefined for any other frame.
 */
function bridgeOffer(text: string): string[] | undefined {
  let value: { type?: unknown; features?: unknown; symbols?: unknown };
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value?.type !== "hello") return undefined;
  if (Array.isArray(value.features) && value.features.includes("subscribe_all")) return [ALL_SYMBOLS];
  return Array.isArray(value.symbols) ? value.symbols.filter((s): s is string => typeof s === "string") : [];
}

/** The errors `ws` raises when the peer breaks the protocol (a frame over maxPayload, bad UTF-8…). */
const PROTOCOL_ERROR = /^WS_ERR_/;

/**
 * `mt5-ws:<url>`: a client of an MT5 tick-streaming WebSocket bridge that speaks our downstream
 * protocol (the common Python `MetaTrader5`-package bridge): on every (re)connect it subscribes
 * to `symbols` — when none are given, to what the bridge's `hello` offers (`*` only to a bridge
 * that says it understands it) — and reads `{"type":"tick","data":{…}}` frames. A lost, refused or
 * silent connection is retried with exponential backoff, and subscribes again. The backoff starts
 * over only once a connection has worked — delivered a valid tick or stayed up `stableMs` — so a
 * bridge that accepts and drops at once is not hammered. A frame over MAX_UPSTREAM_MESSAGE_BYTES
 * is refused unread: `ws` closes the connection (1009), and it is counted and made again.
 */
export function makeMt5WsUpstream(url: string, symbols: readonly string[], options: Mt5WsOptions = {}): Upstream {
  const backoff = options.backoff ?? new Backoff();
  const pingMs = options.pingMs ?? 15_000;
  const stableMs = options.stableMs ?? 30_000;
  const helloWaitMs = options.helloWaitMs ?? 2000;
  let sink: UpstreamSink | undefined;
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let pinger: ReturnType<typeof setInterval> | undefined;
  let stable: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let connections = 0;

  const connect = () => {
    const ws = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: MAX_UPSTREAM_MESSAGE_BYTES });
    socket = ws;
    let alive = true;
    let subscribed = false;
    let helloWait: ReturnType<typeof setTimeout> | undefined;
    const subscribe = (to: readonly string[]) => {
      clearTimeout(helloWait);
      if (subscribed) return;
      subscribed = true;
      if (to.length) ws.send(JSON.stringify({ type: "subscribe", symbols: to }));
      else
        sink?.warn?.(
          "the bridge did not say it understands '*' (all symbols) nor which symbols it has: name them with --symbols",
        );
    };
    ws.on("open", () => {
      connections++;
      stable = setTimeout(() => backoff.reset(), stableMs);
      sink?.state("connected");
      // '*' only to a bridge whose hello says it understands it: one of the original design's
      // bridges takes it for a symbol named '*', and sends nothing.
      if (symbols.length) subscribe(symbols);
      else helloWait = setTimeout(() => subscribe([]), helloWaitMs);
      pinger = setInterval(() => {
        if (!alive) return void ws.terminate();
        alive = false;
        ws.ping();
      }, pingMs);
    });
    ws.on("pong", () => {
      alive = true;
    });
    ws.on("message", (data, isBinary) => {
      alive = true;
      if (isBinary) return sink?.bad("a binary frame from the bridge");
      const text = data.toString();
      if (!subscribed) {
        const offered = bridgeOffer(text);
        if (offered) subscribe(offered);
      }
      if (sink && readUpstreamText(text, sink) === "tick") backoff.reset();
    });
    ws.on("error", (error: Error & { code?: string }) => {
      // 'close' follows and reconnects; a connection error is no message, a protocol breach is one.
      if (PROTOCOL_ERROR.test(error.code ?? "")) sink?.bad(`the bridge broke the protocol: ${error.message}`);
    });
    ws.on("close", () => {
      clearTimeout(helloWait);
      clearInterval(pinger);
      clearTimeout(stable);
      if (stopped) return;
      sink?.state("reconnecting");
      retry = setTimeout(connect, backoff.next());
    });
  };

  return {
    source: `mt5-ws:${url}`,
    symbols,
    async start(target) {
      sink = target;
      sink.state("connecting");
      connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(pinger);
      clearTimeout(stable);
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        const closed = new Promise((resolve) => socket?.once("close", resolve));
        socket.terminate();
        await closed;
      }
      sink?.state("stopped");
    },
    info: () => ({ url, connections }),
  };
}
