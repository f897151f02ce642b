import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { RelayFrameOf } from "../../../src/core/protocol/relay.ts";
import {
  type LinkState,
  makeRelayLink,
  type RelayLinkEvents,
  type RelayMark,
  type SocketLike,
} from "../../../src/ui/live/relay-link.ts";
import { fakeExpert, type RelayProcess, sleep, startRelayProcess, tickLine } from "./harness.ts";

const T0 = Date.UTC(2024, 5, 10, 12);

/** A TCP proxy in front of the relay, so the test can cut the network between page and relay. */
async function proxy(target: () => number) {
  const open = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = tcpConnect(target(), "127.0.0.1");
    open.add(inbound);
    open.add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on("error", drop).on("close", drop);
    outbound.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function recorder() {
  const states: LinkState[] = [];
  const ticks: RelayFrameOf<"tick">[] = [];
  const resumed: RelayFrameOf<"resumed">[] = [];
  const problems: string[] = [];
  const events: RelayLinkEvents = {
    state: (s) => states.push(s),
    hello: () => {},
    tick: (t) => ticks.push(t),
    account: () => {},
    resumed: (r) => resumed.push(r),
    dropped: () => {},
    heartbeat: () => {},
    problem: (p) => problems.push(p),
  };
  return { states, ticks, resumed, problems, events };
}

const openWs = (url: string) => new WebSocket(url) as unknown as SocketLike;

async function until(done: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

describe("the Live page's relay link", () => {
  let relay: RelayProcess;
  let expert: Socket;
  let t = 0;
  const feed = (n: number) => {
    for (let i = 0; i < n; i++, t++) expert.write(tickLine("EURUSD", 1.1 + t * 1e-5, T0 + t));
  };

  beforeAll(async () => {
    relay = await startRelayProcess(["--source", "mt5-socket:0", "--token", "k"]);
    expert = await fakeExpert(relay.upstreamPort as number);
  });
  afterAll(async () => {
    expert?.destroy();
    await relay?.stop();
  });

  it("reconnects after the network drops and resumes with exactly the ticks it missed", async () => {
    const net = await proxy(() => relay.port);
    const seen = recorder();
    const link = makeRelayLink(
      { url: `ws://127.0.0.1:${net.port}`, token: "k", symbols: ["EURUSD"], open: openWs, random: () => 0 },
      seen.events,
    );
    link.connect();
    await until(() => seen.states.at(-1)?.kind === "live");
    await sleep(100);
    feed(5);
    await until(() => seen.ticks.length === 5);
    net.cut();
    await until(() => seen.states.at(-1)?.kind === "waiting");
    feed(7); // sent while the page is away
    await until(() => seen.ticks.length === 12);
    feed(3);
    await until(() => seen.ticks.length === 15);
    const seqs = seen.ticks.map((tick) => tick.seq);
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => seqs[0] + i));
    expect(seen.resumed).toEqual([{ type: "resumed", seq: seqs[4], from_seq: seqs[4] + 1, complete: true }]);
    expect(seen.states.map((s) => s.kind)).toEqual(["connecting", "live", "waiting", "connecting", "live"]);
    expect(seen.states[2]).toMatchObject({ reason: "cannot reach the relay", attempt: 1 });
    link.close();
    await until(() => seen.states.at(-1)?.kind === "closed");
    await net.close();
  });

  it("resumes after a given tick on its first connection (a reloaded page that records)", async () => {
    const before = recorder();
    const first = makeRelayLink(
      { url: `ws://127.0.0.1:${relay.port}`, token: "k", symbols: ["EURUSD"], open: openWs },
      before.events,
    );
    first.connect();
    await until(() => before.states.at(-1)?.kind === "live");
    feed(6);
    await until(() => before.ticks.length === 6);
    const run = first.lastTick as RelayMark;
    expect(run.seq).toBe(before.ticks[5].seq);
    first.close();
    // The page had saved up to the fourth tick when it was reloaded.
    const savedUpTo = { relayId: run.relayId, seq: before.ticks[3].seq };
    const after = recorder();
    const second = makeRelayLink(
      { url: `ws://127.0.0.1:${relay.port}`, token: "k", symbols: ["EURUSD"], resumeAfter: savedUpTo, open: openWs },
      after.events,
    );
    expect(second.lastTick).toEqual(savedUpTo);
    second.connect();
    await until(() => after.ticks.length === 2);
    expect(after.ticks.map((tick) => tick.seq)).toEqual([before.ticks[4].seq, before.ticks[5].seq]);
    expect(after.resumed).toEqual([
      { type: "resumed", seq: savedUpTo.seq, from_seq: savedUpTo.seq + 1, complete: true },
    ]);
    feed(1);
    await until(() => after.ticks.length === 3);
    expect(second.lastTick).toEqual({ relayId: savedUpTo.relayId, seq: before.ticks[5].seq + 1 });
    second.close();
  });

  it("stops trying when the relay refuses its token", async () => {
    const seen = recorder();
    const link = makeRelayLink(
      { url: `ws://127.0.0.1:${relay.port}`, token: "wrong", symbols: [], open: openWs },
      seen.events,
    );
    link.connect();
    await until(() => seen.states.at(-1)?.kind === "refused");
    expect(seen.states.at(-1)).toEqual({ kind: "refused", code: "RELAY_AUTH_FAILED", message: "wrong token" });
    expect(seen.problems).toEqual(["RELAY_AUTH_FAILED: wrong token"]);
    await sleep(600);
    expect(seen.states.at(-1)?.kind).toBe("refused");
    link.close();
  });

  it("changes its subscription on the relay while connected", async () => {
    const seen = recorder();
    const link = makeRelayLink(
      { url: `ws://127.0.0.1:${relay.port}`, token: "k", symbols: ["USDJPY"], open: openWs },
      seen.events,
    );
    link.connect();
    await until(() => seen.states.at(-1)?.kind === "live");
    feed(1);
    await sleep(200);
    expect(seen.ticks).toHaveLength(0);
    link.setSymbols(["EURUSD"]);
    await sleep(100);
    feed(2);
    await until(() => seen.ticks.length === 2);
    expect(seen.ticks.every((tick) => tick.data.symbol === "EURUSD")).toBe(true);
    link.close();
  });

  it("narrows from every symbol to one without losing it (unsubscribes '*' first)", async () => {
    const seen = recorder();
    const link = makeRelayLink(
      { url: `ws://127.0.0.1:${relay.port}`, token: "k", symbols: ["*"], open: openWs },
      seen.events,
    );
    link.connect();
    await until(() => seen.states.at(-1)?.kind === "live");
    link.setSymbols(["EURUSD"]);
    await sleep(100);
    expert.write(tickLine("USDJPY", 150, T0) + tickLine("EURUSD", 1.2, T0));
    await until(() => seen.ticks.length === 1);
    await sleep(100);
    expect(seen.ticks.map((tick) => tick.data.symbol)).toEqual(["EURUSD"]);
    link.close();
  });
});

describe("the link across a relay restart", () => {
  it("starts counting afresh with the new relay run and lets its ticks through", async () => {
    let relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    const net = await proxy(() => relay.port);
    const seen = recorder();
    const link = makeRelayLink(
      { url: `ws://127.0.0.1:${net.port}`, symbols: ["*"], open: openWs, random: () => 0 },
      seen.events,
    );
    link.connect();
    await until(() => seen.states.at(-1)?.kind === "live");
    let expert = await fakeExpert(relay.upstreamPort as number);
    expert.write(tickLine("EURUSD", 1.1, T0) + tickLine("EURUSD", 1.1001, T0 + 1));
    await until(() => seen.ticks.length === 2);
    expert.destroy();
    await relay.stop();
    relay = await startRelayProcess(["--source", "mt5-socket:0"]);
    await until(() => seen.states.filter((s) => s.kind === "live").length === 2, 15_000);
    await until(() => seen.resumed.length === 1);
    expect(seen.resumed[0]).toMatchObject({ seq: 2, from_seq: 1, complete: false });
    expert = await fakeExpert(relay.upstreamPort as number);
    expert.write(tickLine("EURUSD", 1.1002, T0 + 2));
    await until(() => seen.ticks.length === 3);
    expect(seen.ticks.map((tick) => tick.seq)).toEqual([1, 2, 1]);
    link.close();
    expert.destroy();
    await relay.stop();
    await net.close();
  });
});
