import type { Socket } from "node:net";
import { type EaHello, eaHelloSchema, MT5_PROTOCOL_VERSION } from "../../src/core/protocol/mt5.ts";
import { describeFrameIssue } from "../../src/core/protocol/relay.ts";
import { readUpstreamValue } from "./read-message.ts";
import type { UpstreamSink } from "./upstream.ts";

/** Ticks taken but not yet acknowledged before an `ack` goes at once (PROTOCOL.md). */
const ACK_EVERY_TICKS = 1000;
/** …and the longest an acknowledgement waits while ticks arrive, ms. */
const ACK_WITHIN_MS = 250;
/** EA sessions whose last tick `n` the relay remembers across reconnects. */
const MAX_SESSIONS = 64;

/** The last tick `n` taken of each EA session, across that EA's reconnects (one relay run). */
export class SessionMarks {
  private readonly marks = new Map<string, number>();

  get(session: string): number {
    return this.marks.get(session) ?? 0;
  }

  set(session: string, n: number): void {
    this.marks.delete(session); // re-inserted last: the map's order is the order of use
    this.marks.set(session, n);
    if (this.marks.size > MAX_SESSIONS) this.marks.delete(this.marks.keys().next().value as string);
  }
}

/** The start of a `history_rows` line: its request id, without parsing the rest. */
const HISTORY_ROWS_START = /^\{"type":"history_rows","id":"([A-Za-z0-9._:-]{1,64})",/;

/** The EA lines of the history protocol, which the relay routes to the client that asked. */
const HISTORY_LINES = new Set(["history_rows", "history_chunk", "error"]);

/**
 * One Expert Advisor connection after authentication, speaking relay/mql5/PROTOCOL.md: answers
 * its `hello`, takes each numbered tick of its session once and acknowledges it, and hands the
 * lines of history answers to the sink. An EA that sends no `hello` (the one before the protocol)
 * is read as before: ticks and account snapshots, never acknowledged.
 */
export class Expert {
  hello: EaHello | undefined;
  repeats = 0;
  private lastN = 0;
  private ackedN = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly sink: UpstreamSink,
    private readonly marks: SessionMarks,
    private readonly relayId: string,
  ) {}

  /** Whether it said it serves history. */
  get servesHistory(): boolean {
    return this.hello?.features.includes("history") ?? false;
  }

  /** Writes one message as a line; false when the socket is gone. */
  send(message: object): boolean {
    if (this.socket.destroyed) return false;
    this.socket.write(`${JSON.stringify(message)}\n`);
    return true;
  }

  /** One line from the EA. */
  line(text: string, receivedMsc: number): void {
    // Rows of a history answer, most of a pull's bytes, go to the client unparsed (it checks
    // them): PROTOCOL.md has `type` and `id` lead the line so the relay can route it by its start.
    const rows = HISTORY_ROWS_START.exec(text);
    if (rows) {
      this.sink.history({ type: "history_rows", id: rows[1] }, text);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.sink.bad(`not JSON: ${text.slice(0, 80)}`);
      return;
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (type === "hello") {
      this.greet(value);
      return;
    }
    if (typeof type === "string" && HISTORY_LINES.has(type) && typeof (value as { id?: unknown }).id === "string") {
      this.sink.history(value as Record<string, unknown> & { type: string; id: string }, text);
      return;
    }
    const message = readUpstreamValue(value, this.sink, receivedMsc, (tick) => {
      const n = tick.n;
      if (n === undefined || !this.hello) return true;
      if (n <= this.lastN) {
        this.repeats++;
        return false;
      }
      return true;
    });
    if (message?.kind === "tick" && message.tick.n !== undefined && this.hello && message.tick.n > this.lastN) {
      this.lastN = message.tick.n;
      this.marks.set(this.hello.session, this.lastN);
      this.scheduleAck();
    }
  }

  /** The connection closed: nothing more is acknowledged on it. */
  closed(): void {
    clearTimeout(this.ackTimer);
  }

  private greet(value: unknown): void {
    const parsed = eaHelloSchema.safeParse(value);
    if (!parsed.success) {
      this.sink.bad(describeFrameIssue("hello", parsed.error));
      this.send({ type: "error", code: "BAD_MESSAGE", message: describeFrameIssue("hello", parsed.error) });
      return;
    }
    if (parsed.data.protocol !== MT5_PROTOCOL_VERSION) {
      const message = `the relay speaks protocol ${MT5_PROTOCOL_VERSION}, the EA ${parsed.data.protocol}: install the EA of this relay's version`;
      this.sink.refused(message);
      this.send({ type: "error", code: "PROTOCOL_VERSION", message });
      this.socket.end();
      return;
    }
    this.hello = parsed.data;
    this.lastN = this.marks.get(parsed.data.session);
    this.ackedN = this.lastN;
    this.send({
      type: "hello",
      protocol: MT5_PROTOCOL_VERSION,
      relay_id: this.relayId,
      last_n: this.lastN,
      features: ["ack", "history"],
    });
    this.sink.terminal?.(this);
  }

  private scheduleAck(): void {
    if (this.lastN - this.ackedN >= ACK_EVERY_TICKS) this.ack();
    else this.ackTimer ??= setTimeout(() => this.ack(), ACK_WITHIN_MS);
  }

  private ack(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.lastN > this.ackedN && this.send({ type: "ack", n: this.lastN })) this.ackedN = this.lastN;
  }
}
