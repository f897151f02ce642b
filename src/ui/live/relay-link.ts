import {
  type AccountData,
  CLOSE_CODE,
  RELAY_ERROR,
  type RelayFrameOf,
  reconnectDelayMs,
  relayFrameSchema,
} from "../../core/protocol/relay.ts";

/** The part of the browser's WebSocket the link uses (the `ws` package's matches, for tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Where the link is: idle, connecting, live, waiting to reconnect, refused (no retry), or closed by the user. */
export type LinkState =
  | { kind: "idle" }
  | { kind: "connecting"; attempt: number }
  | { kind: "live"; relayId: string; source: string }
  | { kind: "waiting"; attempt: number; retryAt: number; reason: string }
  | { kind: "refused"; code: string; message: string }
  | { kind: "closed" };

export interface RelayLinkEvents {
  state(state: LinkState): void;
  hello(frame: RelayFrameOf<"hello">): void;
  tick(frame: RelayFrameOf<"tick">): void;
  account(data: AccountData): void;
  /** `resume` answered: whether the ticks missed while away all followed. */
  resumed(frame: RelayFrameOf<"resumed">): void;
  dropped(frame: RelayFrameOf<"dropped">): void;
  heartbeat(frame: RelayFrameOf<"heartbeat">): void;
  /** An `error` frame, or a frame that broke the protocol. */
  problem(message: string): void;
}

/** A tick of one relay run: its `relay_id` and `seq`. */
export interface RelayMark {
  relayId: string;
  seq: number;
}

export interface RelayLinkOptions {
  /** e.g. ws://127.0.0.1:8765 */
  url: string;
  /** The relay's shared secret, sent as the first frame. */
  token?: string;
  symbols: readonly string[];
  /** Resume after this tick on the first connection too (a reload that must not lose ticks). */
  resumeAfter?: RelayMark;
  /** Opens a socket; default the browser's WebSocket. */
  open?: (url: string) => SocketLike;
  /** Wall clock in ms; default Date.now. */
  now?: () => number;
  random?: () => number;
}

/** A silent relay is given this many heartbeats' time before the link is cut and made again. */
const SILENT_HEARTBEATS = 2.5;

/**
 * A link to the relay that keeps itself up (SPEC §7): it authenticates, subscribes, reconnects
 * with the protocol's backoff when the relay goes away or falls silent, and on reconnecting asks
 * to resume after the last tick it saw, so a short outage loses nothing. Ticks are delivered
 * once each, in seq order. `makeRelayLink` leaves `close` to the caller.
 */
export function makeRelayLink(options: RelayLinkOptions, events: RelayLinkEvents) {
  const open = options.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let symbols = new Set(options.symbols);
  let socket: SocketLike | undefined;
  let attempt = 0;
  let relayId = options.resumeAfter?.relayId;
  let lastSeq = options.resumeAfter?.seq ?? 0;
  let heartbeatMs = 15_000;
  let lastFrameAt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const setState = (state: LinkState) => events.state(state);
  const send = (frame: object) => socket?.send(JSON.stringify(frame));

  const connect = () => {
    setState({ kind: "connecting", attempt });
    const ws = open(options.url);
    socket = ws;
    let refusal: { code: string; message: string } | undefined;
    ws.onopen = () => {
      lastFrameAt = now();
      if (options.token) send({ type: "auth", token: options.token });
      if (relayId && lastSeq > 0) send({ type: "resume", seq: lastSeq, relay_id: relayId });
      if (symbols.size) send({ type: "subscribe", symbols: [...symbols] });
    };
    ws.onmessage = (event) => {
      lastFrameAt = now();
      const parsed = typeof event.data === "string" ? safeJson(event.data) : undefined;
      const checked = relayFrameSchema.safeParse(parsed);
      if (!checked.success) return events.problem("the relay sent a frame this page does not understand");
      const frame = checked.data;
      switch (frame.type) {
        case "hello":
          if (frame.relay_id !== relayId) lastSeq = 0; // another relay run numbers ticks afresh
          relayId = frame.relay_id;
          heartbeatMs = frame.heartbeat_ms;
          attempt = 0;
          setState({ kind: "live", relayId: frame.relay_id, source: frame.source });
          return events.hello(frame);
        case "tick":
          if (frame.seq <= lastSeq) return; // already seen before a reconnect
          lastSeq = frame.seq;
          return events.tick(frame);
        case "account":
          return events.account(frame.data);
        case "resumed":
          return events.resumed(frame);
        case "dropped":
          return events.dropped(frame);
        case "heartbeat":
          return events.heartbeat(frame);
        case "error":
          if (frame.code === RELAY_ERROR.authFailed || frame.code === RELAY_ERROR.authRequired) refusal = frame;
          return events.problem(`${frame.code}: ${frame.message}`);
      }
    };
    ws.onerror = () => {}; // onclose follows with the code
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return setState({ kind: "closed" });
      if (refusal && event.code === CLOSE_CODE.policyViolation) {
        return setState({ kind: "refused", code: refusal.code, message: refusal.message });
      }
      const delay = reconnectDelayMs(attempt++, random());
      setState({ kind: "waiting", attempt, retryAt: now() + delay, reason: closeReason(event.code) });
      retry = setTimeout(connect, delay);
    };
  };

  return {
    /** Starts connecting (again, after `close` or a refusal). */
    connect() {
      stopped = false;
      clearTimeout(retry);
      attempt = 0;
      connect();
      clearInterval(watchdog);
      watchdog = setInterval(() => {
        if (socket?.readyState === 1 && now() - lastFrameAt > SILENT_HEARTBEATS * heartbeatMs) {
          socket.close(4000, "relay silent");
        }
      }, 1000);
    },
    /** Changes the subscription, on the relay too when connected. */
    setSymbols(next: readonly string[]) {
      const wanted = new Set(next);
      const added = [...wanted].filter((s) => !symbols.has(s));
      const removed = [...symbols].filter((s) => !wanted.has(s));
      symbols = wanted;
      if (socket?.readyState !== 1) return;
      // Unsubscribe first: dropping "*" clears the whole subscription, the new symbols included.
      if (removed.length) send({ type: "unsubscribe", symbols: removed });
      if (added.length) send({ type: "subscribe", symbols: added });
    },
    /** The last tick delivered (before any: the one to resume after, if given). */
    get lastTick(): RelayMark | undefined {
      return relayId && lastSeq > 0 ? { relayId, seq: lastSeq } : undefined;
    },
    /** Stops for good: closes the socket and every timer. */
    close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(watchdog);
      if (socket) socket.close(1000, "closed by the user");
      else setState({ kind: "closed" });
    },
  };
}

export type RelayLink = ReturnType<typeof makeRelayLink>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function closeReason(code: number): string {
  if (code === CLOSE_CODE.goingAway) return "the relay shut down";
  if (code === CLOSE_CODE.tryAgainLater) return "the relay is full";
  if (code === 4000) return "the relay fell silent";
  return "cannot reach the relay";
}
