import { HISTORY_CHUNK_ROWS, type HistoryRequest } from "../src/core/protocol/mt5.ts";
import { RELAY_ERROR, type RelayFrameOf } from "../src/core/protocol/relay.ts";
import type { Expert } from "./upstream/expert.ts";

/** The client side of a history request: where its answers go. */
export interface HistoryClient {
  readonly id: number;
  /** Sends a frame's text as is, never conflated (the chunk protocol bounds what is in flight). */
  sendText(text: string): void;
}

interface InFlight {
  client: HistoryClient;
  expert: Expert;
}

/**
 * Routes history requests between the relay's clients and the terminal (PROTOCOL.md, History):
 * a client's `history` goes to the EA that serves history, the EA's `history_rows`,
 * `history_chunk` and `error` lines go back, as sent, to the client that asked, and the client's
 * `history_ack` and `history_cancel` go to the EA. One request in flight per client, so what the
 * relay holds for a client is at most one chunk; a chunk waits for the client's ack before the EA
 * sends the next.
 */
export class HistoryDesk {
  private readonly inFlight = new Map<string, InFlight>();

  /** @param terminal the connected terminal that serves history, if any. */
  constructor(private readonly terminal: () => Expert | undefined) {}

  get pending(): number {
    return this.inFlight.size;
  }

  request(client: HistoryClient, request: HistoryRequest): void {
    const refusal = this.refusal(client, request.id);
    if (refusal) {
      this.fail(client, request.id, refusal.code, refusal.message);
      return;
    }
    const expert = this.terminal() as Expert & { hello: NonNullable<Expert["hello"]> };
    this.inFlight.set(request.id, { client, expert });
    const { server, company, server_offset_ms } = expert.hello;
    const start: RelayFrameOf<"history_start"> = {
      type: "history_start",
      id: request.id,
      server,
      company,
      server_offset_ms,
    };
    client.sendText(JSON.stringify(start));
    expert.send({ ...request, chunk_rows: request.chunk_rows ?? HISTORY_CHUNK_ROWS });
  }

  /** Why a request cannot go to a terminal now, if it cannot. */
  private refusal(client: HistoryClient, id: string): { code: string; message: string } | undefined {
    const busy = RELAY_ERROR.historyBusy;
    if (this.inFlight.has(id)) return { code: busy, message: `request '${id}' is in flight` };
    for (const flight of this.inFlight.values())
      if (flight.client === client)
        return { code: busy, message: "one history request at a time per connection: wait for the last" };
    if (this.terminal()?.hello) return undefined;
    return {
      code: RELAY_ERROR.noTerminal,
      message:
        "no MetaTrader 5 terminal with the Pipscope EA is connected to this relay (start it with --source mt5-socket:<port> and attach relay/mql5/PipscopeBridge.mq5 to a chart)",
    };
  }

  /** The client's `history_ack` or `history_cancel`, for a request of its own. */
  forward(client: HistoryClient, message: { type: "history_ack" | "history_cancel"; id: string }): void {
    const flight = this.inFlight.get(message.id);
    if (flight?.client !== client) return;
    flight.expert.send(message);
    if (message.type === "history_cancel") this.inFlight.delete(message.id);
  }

  /** An EA line of an answer: to the client that asked, as sent. */
  answer(line: { type: string; id: string } & Record<string, unknown>, text: string): void {
    const flight = this.inFlight.get(line.id);
    if (!flight) return;
    if (line.type === "error") {
      this.inFlight.delete(line.id);
      const { code, message } = line as { code?: unknown; message?: unknown };
      this.fail(flight.client, line.id, String(code ?? "TERMINAL"), String(message ?? ""));
      return;
    }
    flight.client.sendText(text);
    if (line.type === "history_chunk" && line.last === true) this.inFlight.delete(line.id);
  }

  /** A client went away: its request is cancelled at the terminal. */
  clientGone(client: HistoryClient): void {
    for (const [id, flight] of this.inFlight) {
      if (flight.client !== client) continue;
      flight.expert.send({ type: "history_cancel", id });
      this.inFlight.delete(id);
    }
  }

  /** A terminal went away: its requests fail, and each client may ask again from what it stored. */
  terminalLost(expert: Expert): void {
    for (const [id, flight] of this.inFlight) {
      if (flight.expert !== expert) continue;
      this.inFlight.delete(id);
      this.fail(
        flight.client,
        id,
        RELAY_ERROR.terminalLost,
        "the terminal disconnected mid-answer; what was stored stays, and a pull resumes from there",
      );
    }
  }

  private fail(client: HistoryClient, id: string, code: string, message: string): void {
    const frame: RelayFrameOf<"history_error"> = { type: "history_error", id, code, message };
    client.sendText(JSON.stringify(frame));
  }
}
