import { readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import {
  ackSchema,
  eaErrorSchema,
  eaHelloSchema,
  historyAckSchema,
  historyCancelSchema,
  historyChunkSchema,
  historyRequestSchema,
  relayHelloSchema,
} from "../../../src/core/protocol/mt5.ts";
import { upstreamAccountSchema, upstreamAuthSchema, upstreamTickSchema } from "../../../src/core/protocol/relay.ts";
import { fakeExpert, startRelayProcess, startTerminalSim, type TerminalSim } from "./harness.ts";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const DOC = read("relay/mql5/PROTOCOL.md");
const EA = read("relay/mql5/PipscopeBridge.mq5");
const SIM = read("tests/sim/terminal.ts");

/** Every message PROTOCOL.md defines: `EA → relay:hello` → its fields, as its tables list them. */
function documented(): Map<string, string[]> {
  const messages = new Map<string, string[]>();
  for (const section of DOC.split(/^### /m).slice(1)) {
    const head = /^`(\w+)` \((EA → relay|relay → EA)\)/.exec(section);
    if (!head) continue;
    const fields = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    messages.set(`${head[2]}:${head[1]}`, fields);
  }
  return messages;
}
const DOCUMENTED = documented();
const fields = (direction: "EA → relay" | "relay → EA", type: string) => {
  const list = DOCUMENTED.get(`${direction}:${type}`);
  if (!list) throw new Error(`PROTOCOL.md has no ${type} (${direction})`);
  return [...list].sort();
};
const keys = (object: object) => Object.keys(object).sort();

/** The EA's one-expression line builder `name`, run as JavaScript (see ea.test.ts). */
function mql5(name: string): (...args: unknown[]) => string {
  const match = new RegExp(`string ${name}\\(([^)]*)\\)\\s*\\{\\s*return ([\\s\\S]*?);\\s*\\}`).exec(EA);
  if (!match) throw new Error(`${name} not found in the EA`);
  const params = match[1].split(",").map((p) => p.trim().split(/\s+/).at(-1) as string);
  const body = new Function("DoubleToString", "IntegerToString", "PROTOCOL_VERSION", ...params, `return ${match[2]};`);
  return (...args) => body((v: number, d: number) => v.toFixed(d), String, 1, ...args);
}

describe("PROTOCOL.md", () => {
  it("defines the messages both ways, hello in each direction", () => {
    expect([...DOCUMENTED.keys()].sort()).toEqual(
      [
        "EA → relay:account",
        "EA → relay:auth",
        "EA → relay:error",
        "EA → relay:hello",
        "EA → relay:history_chunk",
        "EA → relay:history_rows",
        "EA → relay:tick",
        "relay → EA:ack",
        "relay → EA:error",
        "relay → EA:hello",
        "relay → EA:history",
        "relay → EA:history_ack",
        "relay → EA:history_cancel",
      ].sort(),
    );
  });

  it("is what the relay's parser reads and writes, field for field", () => {
    expect(keys(eaHelloSchema.shape)).toEqual(fields("EA → relay", "hello"));
    expect(keys(upstreamTickSchema.shape)).toEqual(
      [...fields("EA → relay", "tick").filter((f) => f !== "type"), "time"].sort(),
    );
    expect(keys({ type: 0, ...upstreamAccountSchema.shape })).toEqual(fields("EA → relay", "account"));
    expect(keys(upstreamAuthSchema.shape)).toEqual(fields("EA → relay", "auth"));
    expect(keys(historyChunkSchema.shape)).toEqual(fields("EA → relay", "history_chunk"));
    expect(keys(eaErrorSchema.shape)).toEqual(fields("EA → relay", "error"));
    expect(keys(relayHelloSchema.shape)).toEqual(fields("relay → EA", "hello"));
    expect(keys(ackSchema.shape)).toEqual(fields("relay → EA", "ack"));
    expect(keys(historyRequestSchema.shape)).toEqual(fields("relay → EA", "history"));
    expect(keys(historyAckSchema.shape)).toEqual(fields("relay → EA", "history_ack"));
    expect(keys(historyCancelSchema.shape)).toEqual(fields("relay → EA", "history_cancel"));
  });

  it("is what the EA writes, and the EA handles every message the relay sends", () => {
    const lines: Record<string, string> = {
      auth: mql5("AuthLine")("t"),
      hello: mql5("HelloLine")("PipscopeBridge 2.00", "1-2-3", "Srv", "Co", 7_200_000, '"EURUSD"'),
      tick: mql5("TickLine")(1, "EURUSD", 1.1, 1.1002, 0, 0, 1_718_000_000_000, 6, 5),
      account: mql5("AccountLine")(1, 1, 0, 1, "USD", "", ""),
      history_chunk: mql5("HistoryChunkLine")("r1", 0, 10, "true"),
      error: mql5("ErrorLine")("r1", "NO_SYMBOL", "unknown symbol"),
    };
    for (const [type, line] of Object.entries(lines))
      expect(keys(JSON.parse(line)), type).toEqual(fields("EA → relay", type));
    const position = JSON.parse(mql5("PositionJson")(1, "EURUSD", "buy", 0.1, 1.1, 1.1, 0, 0, 0, 0, 1, 5));
    const order = JSON.parse(mql5("OrderJson")(2, "EURUSD", "buy_limit", 0.1, 1.0, 0, 0, 1, 0, 5));
    for (const field of keys(position))
      expect(DOC.split("A position:")[1].split("An order:")[0]).toContain(`\`${field}\``);
    for (const field of keys(order)) expect(DOC.split("An order:")[1].split("###")[0]).toContain(`\`${field}\``);
    for (const [builder, kind] of [
      ["BarRowsLine", ["open", "high", "low", "close", "tick_volume", "spread"]],
      ["TickRowsLine", ["bid", "ask", "last", "flags"]],
    ] as const) {
      const body = EA.split(`string ${builder}(`)[1].split("\n  }\n")[0];
      for (const field of fields("EA → relay", "history_rows"))
        if (
          !(
            ["open", "high", "low", "close", "tick_volume", "spread", "bid", "ask", "last", "flags"] as string[]
          ).includes(field) ||
          (kind as readonly string[]).includes(field)
        )
          expect(body, `${builder} writes ${field}`).toContain(`\\"${field}\\"`);
    }
    for (const type of ["hello", "ack", "history", "history_ack", "history_cancel", "error"])
      expect(EA, `the EA handles ${type}`).toMatch(new RegExp(`type == "${type}"`));
  });
});

describe("the terminal simulator against PROTOCOL.md", () => {
  const sims: TerminalSim[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
  });

  it("writes every EA message with the documented fields and handles every relay message", async () => {
    // A bare TCP peer playing the relay: it sends what the document says and keeps what comes back.
    const received: Record<string, unknown>[] = [];
    let peer!: Socket;
    const server = createServer((socket) => {
      peer = socket;
      let pending = "";
      socket.on("data", (chunk) => {
        pending += chunk;
        let end = pending.indexOf("\n");
        while (end >= 0) {
          received.push(JSON.parse(pending.slice(0, end)));
          pending = pending.slice(end + 1);
          end = pending.indexOf("\n");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const sim = startTerminalSim(port, [
      "--token",
      "t",
      "--rate",
      "100",
      "--ticks",
      "4",
      "--history",
      "EURUSD:M1=synthetic",
      "--history",
      "EURUSD:ticks=synthetic",
    ]);
    sims.push(sim);
    const waitFor = async (type: string, count = 1) => {
      const deadline = Date.now() + 10_000;
      while (received.filter((m) => m.type === type).length < count) {
        if (Date.now() > deadline) throw new Error(`no ${type}: ${JSON.stringify(received.slice(-3))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitFor("hello");
    const send = (message: object) => peer.write(`${JSON.stringify(message)}\n`);
    send({ type: "hello", protocol: 1, relay_id: "doc", last_n: 0, features: ["ack", "history"] });
    await waitFor("tick", 4);
    send({ type: "ack", n: 4 });
    await sim.until((e) => e.event === "acked" && e.n === 4);
    const from = Date.UTC(2024, 2, 5, 10);
    send({
      type: "history",
      id: "b",
      symbol: "EURUSD",
      kind: "bars",
      timeframe: "M1",
      from_msc: from,
      to_msc: from + 3_600_000,
      chunk_rows: 1000,
    });
    await waitFor("history_chunk");
    send({ type: "history_ack", id: "b", chunk: 0 });
    send({
      type: "history",
      id: "t",
      symbol: "EURUSD",
      kind: "ticks",
      from_msc: from,
      to_msc: from + 60_000,
      chunk_rows: 1000,
    });
    await waitFor("history_chunk", 2);
    send({ type: "history_cancel", id: "t" });
    send({
      type: "history",
      id: "x",
      symbol: "NOPE",
      kind: "bars",
      timeframe: "M1",
      from_msc: from,
      to_msc: from + 60_000,
      chunk_rows: 1000,
    });
    await waitFor("error");
    await waitFor("account");
    send({ type: "error", code: "BAD_MESSAGE", message: "for the log" });
    await sim.until((e) => e.event === "relay_error");

    const first = (type: string, match: (m: Record<string, unknown>) => boolean = () => true) =>
      received.find((m) => m.type === type && match(m)) as Record<string, unknown>;
    for (const type of ["auth", "hello", "tick", "account", "history_chunk", "error"])
      expect(keys(first(type)), type).toEqual(fields("EA → relay", type));
    const rows = fields("EA → relay", "history_rows");
    const bars = ["type", "id", "chunk", "time", "open", "high", "low", "close", "tick_volume", "volume", "spread"];
    const ticks = ["type", "id", "chunk", "time", "bid", "ask", "last", "volume", "flags"];
    expect(keys(first("history_rows", (m) => m.id === "b"))).toEqual(bars.sort());
    expect(keys(first("history_rows", (m) => m.id === "t"))).toEqual(ticks.sort());
    expect([...new Set([...bars, ...ticks])].sort()).toEqual(rows);
    for (const type of ["hello", "ack", "history", "history_ack", "history_cancel", "error"])
      expect(SIM, `the simulator handles ${type}`).toContain(`case "${type}":`);
    server.close();
  });

  it("is greeted by a real relay with the documented hello", async () => {
    const relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    try {
      const socket = await fakeExpert(relay.upstreamPort as number);
      const reply = new Promise<string>((resolve) => socket.once("data", (chunk) => resolve(chunk.toString())));
      socket.write(
        `${JSON.stringify({ type: "hello", protocol: 1, ea: "doc", session: "d", server: "S", company: "C", server_offset_ms: 0, symbols: [], features: ["history"] })}\n`,
      );
      expect(keys(JSON.parse((await reply).split("\n")[0]))).toEqual(fields("relay → EA", "hello"));
      socket.destroy();
    } finally {
      await relay.stop();
    }
  });
});
