import type { RawData, WebSocket } from "ws";
import {
  CLIENT_FRAME_TYPES,
  CLOSE_CODE,
  type ClientFrame,
  clientFrameSchemas,
  describeFrameIssue,
  MAX_SUBSCRIBED_SYMBOLS,
  RELAY_ERROR,
  type RelayFrame,
  type RelayFrameOf,
} from "../src/core/protocol/relay.ts";
import type { Admission } from "./admission.ts";
import type { FanOut, Subscriber } from "./fan-out.ts";
import type { HistoryClient, HistoryDesk } from "./history.ts";
import type { Logger } from "./log.ts";
import { BoundedOutlet } from "./outlet.ts";
import { sameSecret } from "./secret.ts";
import type { RelayStats } from "./stats.ts";

/** What every connection shares. */
export interface ConnectionContext {
  fanOut: FanOut;
  /** Clients in, and connections waiting to authenticate. */
  admission: Admission<Connection>;
  log: Logger;
  stats: RelayStats;
  /** The shared secret; undefined when the relay has none. */
  token: string | undefined;
  /** Largest inbound frame answered normally, bytes; bigger ones get RELAY_FRAME_TOO_LARGE. */
  maxFrameBytes: number;
  /** How long a client has to send `auth` when the token was not in the URL, ms. */
  authTimeoutMs: number;
  /** The `hello` frame for a newly accepted client. */
  hello(): RelayFrameOf<"hello">;
  /** The `heartbeat` frame of this moment. */
  heartbeat(): RelayFrameOf<"heartbeat">;
  /** History requests to the terminal. */
  history: HistoryDesk;
}

/**
 * One downstream client: checks each inbound frame against its schema (a bad frame gets an
 * `error` frame and the connection stays up), authenticates, and drives its Subscriber. Ticks
 * flow only after authentication; until then it waits among the relay's few unauthenticated
 * connections (Admission), and counts toward `--max-clients` only once in. The relay's heartbeat
 * calls `beat` to ping it and to end it when the previous ping went unanswered.
 */
export class Connection implements HistoryClient {
  private subscriber: Subscriber | undefined;
  private alive = true;
  private authTimer: ReturnType<typeof setTimeout> | undefined;
  private turnedAway = false;
  private readonly outlet: BoundedOutlet;
  private ended!: () => void;
  /** Settles when the connection has closed. */
  readonly done = new Promise<void>((resolve) => {
    this.ended = resolve;
  });

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectionContext,
    readonly id: number,
    readonly remote: string,
    queryToken: string | null,
  ) {
    this.outlet = new BoundedOutlet(ws, context.fanOut.maxBufferBytes, () => context.stats.superseded++);
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.on("error", (error) => context.log.warn("client_error", { client: id, error: error.message }));
    ws.on("close", (code) => this.closed(code));
    const token = context.token;
    if (token === undefined) this.accept();
    else if (queryToken === null) this.waitForAuth();
    else if (sameSecret(queryToken, token)) this.accept();
    else this.refuse(RELAY_ERROR.authFailed, "wrong token");
  }

  /** Heartbeat: ends a peer that missed the last ping, else pings it and sends a `heartbeat`. */
  beat(): void {
    if (!this.alive) {
      this.context.log.warn("client_dead", { client: this.id, reason: "no pong since the last heartbeat" });
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    if (this.subscriber) this.send(this.context.heartbeat());
  }

  /** Closes with `code` (e.g. 1001 on shutdown). */
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  /** A history frame, as is: never conflated, since a chunk waits for this client's ack. */
  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Drops the connection without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private waitForAuth(): void {
    const context = this.context;
    const pushedOut = context.admission.wait(this);
    if (pushedOut) {
      context.stats.rejected.unauthenticated++;
      pushedOut.turnAway(
        RELAY_ERROR.tooManyUnauthenticated,
        `more than ${context.admission.maxWaiting} connections were waiting to authenticate; this one waited longest`,
      );
    }
    this.authTimer = setTimeout(
      () => this.refuse(RELAY_ERROR.authRequired, 'send {"type":"auth","token":…} first'),
      context.authTimeoutMs,
    );
  }

  private accept(): void {
    clearTimeout(this.authTimer);
    const context = this.context;
    if (!context.admission.admit(this)) {
      context.stats.rejected.full++;
      this.turnAway(
        RELAY_ERROR.tooManyClients,
        `the relay serves at most ${context.admission.maxClients} clients; try again later`,
      );
      return;
    }
    this.send(context.hello());
    this.subscriber = context.fanOut.add(this.outlet);
  }

  /** A wrong or missing token: an `error` frame, then close code 1008. */
  private refuse(code: string, message: string): void {
    this.context.stats.rejected.auth++;
    this.turnAway(code, message, CLOSE_CODE.policyViolation);
  }

  /**
   * Sends an `error` frame and closes (1013, try again later, unless told otherwise); what the
   * connection sends after that is ignored.
   */
  private turnAway(code: string, message: string, closeCode: number = CLOSE_CODE.tryAgainLater): void {
    this.turnedAway = true;
    clearTimeout(this.authTimer);
    this.context.admission.leave(this);
    this.context.log.warn("client_refused", { client: this.id, remote: this.remote, code });
    this.send({ type: "error", code, message });
    this.ws.close(closeCode, code);
  }

  private send(frame: Exclude<RelayFrame, { type: "tick" | "dropped" | "account" }>): void {
    this.outlet.sendLatest(frame.type, JSON.stringify(frame));
  }

  private reject(code: string, message: string): void {
    this.context.stats.badFrames++;
    this.context.log.warn("bad_frame", { client: this.id, code, message });
    this.send({ type: "error", code, message });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.turnedAway) return;
    const frame = this.parse(data, isBinary);
    if (!frame) return;
    const subscriber = this.subscriber;
    if (!subscriber) {
      if (frame.type !== "auth") this.refuse(RELAY_ERROR.authRequired, `authenticate before '${frame.type}'`);
      else if (sameSecret(frame.token, this.context.token ?? "")) this.accept();
      else this.refuse(RELAY_ERROR.authFailed, "wrong token");
      return;
    }
    const fanOut = this.context.fanOut;
    switch (frame.type) {
      case "auth":
        return; // already in
      case "subscribe": {
        const symbols = fanOut.subscribe(subscriber, frame.symbols);
        if (symbols) this.send({ type: "subscribed", symbols });
        else {
          this.reject(
            RELAY_ERROR.tooManySymbols,
            `a subscription holds at most ${MAX_SUBSCRIBED_SYMBOLS} symbols ('*' for all of them); nothing was added`,
          );
        }
        return;
      }
      case "unsubscribe":
        this.send({ type: "subscribed", symbols: fanOut.unsubscribe(subscriber, frame.symbols) });
        return;
      case "ping":
        this.send({ type: "pong", id: frame.id, time: new Date().toISOString() });
        return;
      case "resume":
        fanOut.resume(subscriber, frame.seq, frame.relay_id);
        return;
      case "history":
        this.context.history.request(this, frame);
        return;
      case "history_ack":
      case "history_cancel":
        this.context.history.forward(this, frame);
        return;
    }
  }

  /** The frame if it is valid; otherwise answers with an `error` frame and returns undefined. */
  private parse(data: RawData, isBinary: boolean): ClientFrame | undefined {
    if (isBinary) return void this.reject(RELAY_ERROR.badFrame, "frames are JSON text, not binary");
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (bytes.length > this.context.maxFrameBytes) {
      return void this.reject(
        RELAY_ERROR.frameTooLarge,
        `a frame of ${bytes.length} bytes; the limit is ${this.context.maxFrameBytes}`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString("utf8"));
    } catch (error) {
      return void this.reject(RELAY_ERROR.badJson, `not JSON: ${(error as Error).message}`);
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof value !== "object" || Array.isArray(value) || typeof type !== "string") {
      return void this.reject(RELAY_ERROR.badFrame, "a frame is a JSON object with a string 'type'");
    }
    if (!Object.hasOwn(clientFrameSchemas, type)) {
      return void this.reject(
        RELAY_ERROR.unknownType,
        `unknown frame type '${type.slice(0, 40)}'; the relay understands ${CLIENT_FRAME_TYPES.join(", ")}`,
      );
    }
    const parsed = clientFrameSchemas[type as ClientFrame["type"]].safeParse(value);
    if (!parsed.success) return void this.reject(RELAY_ERROR.badFrame, describeFrameIssue(type, parsed.error));
    return parsed.data as ClientFrame;
  }

  private closed(code: number): void {
    clearTimeout(this.authTimer);
    this.outlet.close();
    this.context.admission.leave(this);
    if (this.subscriber) this.context.fanOut.remove(this.subscriber);
    this.context.history.clientGone(this);
    this.context.log.info("client_closed", { client: this.id, code });
    this.ended();
  }
}
