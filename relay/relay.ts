import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { SAMPLE_SYMBOLS } from "../src/core/data/synthetic.ts";
import { PipscopeError } from "../src/core/errors.ts";
import type { EaHello } from "../src/core/protocol/mt5.ts";
import type { RelayFrameOf, UpstreamState } from "../src/core/protocol/relay.ts";
import { MS_PER_DAY } from "../src/core/units.ts";
import { PIPSCOPE_VERSION } from "../src/core/version.ts";
import { Admission } from "./admission.ts";
import type { Connection } from "./connection.ts";
import { FanOut } from "./fan-out.ts";
import { HistoryDesk } from "./history.ts";
import type { Logger } from "./log.ts";
import type { RelayOptions } from "./options.ts";
import { startServer } from "./server.ts";
import { makeRelayStats } from "./stats.ts";
import { makeMt5SocketUpstream } from "./upstream/mt5-socket.ts";
import { makeMt5WsUpstream } from "./upstream/mt5-ws.ts";
import { makeReplayUpstream } from "./upstream/replay.ts";
import type { StoreTicks } from "./upstream/store-ticks.ts";
import { syntheticTape } from "./upstream/synthetic-tape.ts";
import { mergeTicks, type TickTape } from "./upstream/tape.ts";
import { readTickFile } from "./upstream/tick-file.ts";
import type { Upstream, UpstreamSink } from "./upstream/upstream.ts";

/** Inbound frames above this many bytes get RELAY_FRAME_TOO_LARGE (the protocol's are tiny). */
const MAX_FRAME_BYTES = 16 * 1024;
/** Frames announcing more than this are refused unread: the connection closes with 1009. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const AUTH_TIMEOUT_MS = 5000;
/**
 * Most distinct symbols relayed. Every symbol seen is kept (its price scale, and the lists `hello`
 * and `heartbeat` send), so an upstream inventing new ones must not grow that without end; a
 * broker's whole Market Watch stays well below it.
 */
const MAX_UPSTREAM_SYMBOLS = 5000;
/** Connections that may wait to authenticate at once, beside the clients already in. */
const MAX_WAITING = 8;

export interface RunningRelay {
  /** `ws://host:port` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The upstream `options.source` names; files (and `--data-dir`) are read relative to `cwd`.
 * Parquet files and the cache need `store` (see StoreTicks).
 * @throws PipscopeError RELAY_NEEDS_STORE without it, RELAY_BAD_TICK_FILE for a file it cannot
 *   replay, RELAY_EMPTY_REPLAY when there is nothing to replay.
 */
export async function makeUpstream(options: RelayOptions, cwd: string, store?: StoreTicks): Promise<Upstream> {
  const source = options.source;
  const replay = (label: string, tape: TickTape, startAtMs?: number) =>
    makeReplayUpstream(label, tape, { speed: options.speed, startAtMs });
  switch (source.kind) {
    case "synthetic": {
      const symbols = options.symbols.length ? options.symbols : [...SAMPLE_SYMBOLS];
      const { tape, startAtMs } = syntheticTape(symbols, Date.now(), options.seed);
      return replay("synthetic", tape, startAtMs);
    }
    case "replay": {
      if (PARQUET_FILE.test(source.file)) {
        const symbol = oneSymbol(options.symbols, source.file);
        const ticks = await needStore(store).parquet(resolve(cwd, source.file), symbol);
        return replay(`replay:${source.file}`, mergeTicks([{ symbol, ticks }]));
      }
      const bytes = await readFile(resolve(cwd, source.file));
      return replay(`replay:${source.file}`, readTickFile(bytes, source.file, options.symbols));
    }
    case "replay-cache": {
      const series = await needStore(store).cache(resolve(cwd, options.dataDir), options.symbols);
      const tape = mergeTicks(series.filter((s) => s.ticks.length > 0));
      // Start at the UTC time of day it is now, as the synthetic source does (its 24 h loop).
      const dayStart = (tape.time[tape.length - 1] ?? 0) - MS_PER_DAY;
      return replay("replay:cache", tape, dayStart + ((Date.now() - dayStart) % MS_PER_DAY));
    }
    case "mt5-ws":
      return makeMt5WsUpstream(source.url, options.symbols);
    case "mt5-socket":
      return makeMt5SocketUpstream(source.port, { token: options.upstreamToken });
  }
}

const PARQUET_FILE = /\.parquet$/i;

/** What the `terminal` frame says of an EA's hello. */
function pick({ server, company, ea, server_offset_ms, features }: EaHello) {
  return { server, company, ea, server_offset_ms, features };
}

function needStore(store: StoreTicks | undefined): StoreTicks {
  if (store) return store;
  throw new PipscopeError(
    "RELAY_NEEDS_STORE",
    "Parquet files and the cache are read through Pipscope's data store: start this source with `npx pipscope relay`",
    { field: "--source" },
  );
}

/** The one symbol a file without a symbol column holds, from --symbols. */
function oneSymbol(symbols: readonly string[], file: string): string {
  if (symbols.length === 1) return symbols[0];
  throw new PipscopeError("RELAY_BAD_TICK_FILE", "name the file's one symbol with --symbols, e.g. --symbols EURUSD", {
    file,
    field: "--symbols",
  });
}

/**
 * Starts the relay: the upstream, the fan-out and the server. Ticks of symbols outside
 * `options.symbols` (when given) are not relayed. Resolves once it listens and the upstream runs.
 */
export async function startRelay(options: RelayOptions, upstream: Upstream, log: Logger): Promise<RunningRelay> {
  const started = performance.now();
  const relayId = randomUUID().slice(0, 8);
  const fanOut = new FanOut(relayId, { ringCapacity: options.ringCapacity });
  const stats = makeRelayStats();
  const admission = new Admission<Connection>(options.maxClients, MAX_WAITING);
  const only = options.symbols.length ? new Set(options.symbols) : undefined;
  let state: UpstreamState = "starting";
  const history = new HistoryDesk(() => upstream.terminal?.());

  const sink: UpstreamSink = {
    relayId,
    history: (line, text) => history.answer(line, text),
    terminal(expert) {
      const hello = expert.hello;
      if (!hello) return;
      log.info("terminal", { session: hello.session, server: hello.server, ea: hello.ea });
      fanOut.publishTerminal({ type: "terminal", connected: true, ...pick(hello) });
    },
    terminalLost(expert) {
      history.terminalLost(expert);
      const next = upstream.terminal?.()?.hello;
      fanOut.publishTerminal(
        next
          ? { type: "terminal", connected: true, ...pick(next) }
          : { type: "terminal", connected: false, server: "", company: "", ea: "", server_offset_ms: 0, features: [] },
      );
    },
    warn: (reason) => log.warn("upstream_warning", { reason }),
    tick(tick, receivedMsc) {
      if (only && !only.has(tick.symbol)) return;
      if (fanOut.symbols.size >= MAX_UPSTREAM_SYMBOLS && !fanOut.symbols.has(tick.symbol)) {
        sink.bad(`a tick of ${tick.symbol}: the relay serves at most ${MAX_UPSTREAM_SYMBOLS} symbols`);
        return;
      }
      fanOut.publish(tick, receivedMsc);
    },
    account: (account, receivedMsc) => fanOut.publishAccount(account, receivedMsc),
    state(next) {
      if (next === state) return;
      if (next === "reconnecting") stats.upstreamReconnects++;
      state = next;
      log.info("upstream_state", { state, source: upstream.source, ...upstream.info() });
    },
    bad(reason) {
      stats.upstreamBad++;
      log.warn("upstream_bad_message", { reason, count: stats.upstreamBad });
    },
    refused(reason) {
      stats.upstreamRefused++;
      log.warn("upstream_refused", { reason, count: stats.upstreamRefused });
    },
  };
  const symbols = () => (only ? [...only] : [...new Set([...upstream.symbols, ...fanOut.symbols])]);

  const server = await startServer(
    {
      host: options.host,
      port: options.port,
      allowOrigins: options.allowOrigins,
      heartbeatMs: options.heartbeatMs,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
    },
    {
      fanOut,
      admission,
      log,
      stats,
      token: options.token,
      maxFrameBytes: MAX_FRAME_BYTES,
      authTimeoutMs: AUTH_TIMEOUT_MS,
      history,
      hello: (): RelayFrameOf<"hello"> => ({
        type: "hello",
        relay_id: relayId,
        version: PIPSCOPE_VERSION,
        source: upstream.source,
        symbols: symbols(),
        seq: fanOut.ring.head,
        heartbeat_ms: options.heartbeatMs,
        features: ["subscribe_all", "resume", "history"],
      }),
      heartbeat: (): RelayFrameOf<"heartbeat"> => ({
        type: "heartbeat",
        seq: fanOut.ring.head,
        time: new Date().toISOString(),
        upstream: state,
        symbols: symbols(),
      }),
    },
    {
      health: () => ({
        status: state === "connected" ? "ok" : "degraded",
        upstream: state,
        clients: admission.clients,
        pending: admission.pending,
        seq: fanOut.ring.head,
        upstream_bad_messages: stats.upstreamBad,
        upstream_refused: stats.upstreamRefused,
        bad_frames: stats.badFrames,
        uptime_s: Math.round((performance.now() - started) / 1000),
      }),
      metrics: () => ({
        relay_id: relayId,
        uptime_s: Math.round((performance.now() - started) / 1000),
        clients: admission.clients,
        pending: admission.pending,
        seq: fanOut.ring.head,
        ticks_in: fanOut.counters.ticksIn,
        ticks_out: fanOut.counters.deliveries,
        dropped: fanOut.counters.dropped,
        bad_frames: stats.badFrames,
        superseded: stats.superseded,
        rejected: stats.rejected,
        history_in_flight: history.pending,
        upstream: {
          source: upstream.source,
          state,
          bad_messages: stats.upstreamBad,
          refused: stats.upstreamRefused,
          reconnects: stats.upstreamReconnects,
          ...upstream.info(),
        },
      }),
    },
  );
  try {
    await upstream.start(sink);
  } catch (error) {
    await server.close();
    throw error;
  }
  const url = `ws://${options.host.includes(":") ? `[${options.host}]` : options.host}:${server.port}`;
  const serving = symbols();
  log.info("listening", {
    msg: `relay on ${url} (GET /health, /metrics) serving ${upstream.source}${serving.length ? ` ${serving.join(", ")}` : ""}${options.speed !== 1 ? ` at ${options.speed}×` : ""}`,
    url,
    port: server.port,
    relay_id: relayId,
    source: upstream.source,
    symbols: serving,
    speed: options.speed,
    token: options.token !== undefined,
    max_clients: options.maxClients,
    upstream: upstream.info(),
  });
  return {
    url,
    port: server.port,
    async close() {
      await upstream.stop();
      await server.close();
      log.info("stopped", { ticks_in: fanOut.counters.ticksIn, ticks_out: fanOut.counters.deliveries });
    },
  };
}
