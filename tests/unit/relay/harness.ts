import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { type Socket, connect as tcpConnect } from "node:net";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { type RelayFrame, relayFrameSchema } from "../../../src/core/protocol/relay.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** A relay in its own process, as `npm run relay` starts it, on loopback port 0. */
export interface RelayProcess {
  child: ChildProcess;
  port: number;
  /** The mt5-socket upstream's port, when that is the source. */
  upstreamPort?: number;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the relay with `args` (plus `--port 0` unless given) and waits for its `listening` line.
 * @param entry the script and arguments before `args`: `relay/main.ts` (what `npm run relay` runs)
 *   or `bin/pipscope.mjs relay`.
 */
export function startRelayProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  entry = ["--import", "tsx", "relay/main.ts"],
): Promise<RelayProcess> {
  const withPort = args.some((a) => a.startsWith("--port")) ? args : [...args, "--port", "0"];
  const child = spawn(process.execPath, [...entry, ...withPort], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${stderr}`)), 15_000);
    exited.then((code) => reject(new Error(`relay exited with ${code}:\n${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.event !== "listening") return;
      clearTimeout(timer);
      const listen = (entry.upstream as { listen?: string }).listen;
      resolve({
        child,
        port: entry.port as number,
        upstreamPort: listen ? Number(listen.split(":").at(-1)) : undefined,
        logs,
        stop(signal = "SIGTERM") {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** A downstream client that checks every frame against the protocol and keeps them. */
export class TestClient {
  readonly frames: RelayFrame[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on("message", (data) => {
      this.frames.push(relayFrameSchema.parse(JSON.parse(data.toString())));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Waits until `done(frames)` holds. */
  async until(done: (frames: RelayFrame[]) => boolean, timeoutMs = 10_000): Promise<RelayFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out; last frames: ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.frames;
  }

  /** Waits for the first frame of `type` after the first `skip` frames and returns it. */
  async next<T extends RelayFrame["type"]>(type: T, skip = 0): Promise<Extract<RelayFrame, { type: T }>> {
    await this.until((frames) => frames.slice(skip).some((f) => f.type === type));
    return this.frames.slice(skip).find((f) => f.type === type) as Extract<RelayFrame, { type: T }>;
  }

  ticks(): Extract<RelayFrame, { type: "tick" }>[] {
    return this.frames.filter((f) => f.type === "tick");
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** Connects to `relay` and waits for `hello`. */
export async function helloClient(relay: RelayProcess, options?: WebSocket.ClientOptions): Promise<TestClient> {
  const client = new TestClient(`ws://127.0.0.1:${relay.port}`, options);
  await client.next("hello");
  return client;
}

/** Plays the Expert Advisor: a TCP connection to the relay's mt5-socket upstream. */
export async function fakeExpert(port: number): Promise<Socket> {
  const socket = tcpConnect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  return socket;
}

/** The EA's line for a tick of `symbol` at `timeMsc`. */
export function tickLine(symbol: string, bid: number, timeMsc: number): string {
  return `${JSON.stringify({ type: "tick", symbol, bid, ask: Math.round((bid + 0.0002) * 1e5) / 1e5, time_msc: timeMsc, flags: 6 })}\n`;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` symbols of 32 characters, numbered from `from`, in the order the relay sorts them. */
export const floodSymbols = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `S${String(from + i).padStart(31, "0")}`);

/** Frames `floodRequests` sends: subscribes, then pings (ids 0 … FLOOD_PINGS − 1). */
export const FLOOD_SUBSCRIBES = 6200;
export const FLOOD_PINGS = 5000;

/**
 * Plays a client that floods the relay with requests whose answers it does not read (the caller
 * has paused it): 200 subscribe frames of 250 new symbols each (1.8 MB; past 1,000 symbols each is
 * refused), 6,000 re-subscribing 250 it holds (54 MB, each answered with the whole subscription),
 * then 5,000 pings. Resolves once all of it has left this process.
 */
export async function floodRequests(ws: WebSocket): Promise<void> {
  for (let k = 0; k < 200; k++) {
    ws.send(JSON.stringify({ type: "subscribe", symbols: floodSymbols(k * 250, 250) }));
    if (k % 10 === 0) await sleep(1);
  }
  const again = JSON.stringify({ type: "subscribe", symbols: floodSymbols(0, 250) });
  for (let k = 0; k < FLOOD_SUBSCRIBES - 200; k++) {
    ws.send(again);
    if (k % 50 === 0) await sleep(1);
  }
  for (let k = 0; k < FLOOD_PINGS; k++) ws.send(JSON.stringify({ type: "ping", id: k }));
  while (ws.bufferedAmount > 0 && ws.readyState === WebSocket.OPEN) await sleep(20);
  // ws counts what is sent after a close as buffered for ever: say why instead of waiting.
  if (ws.readyState !== WebSocket.OPEN) throw new Error("the relay closed the flooding connection");
}

/** Resident and peak resident memory of a process, MB (Linux /proc). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** The terminal simulator (tests/sim/terminal.ts) in its own process, and its JSON events. */
export interface TerminalSim {
  child: ChildProcess;
  events: Record<string, unknown>[];
  /** Waits for an event that `match` accepts and returns it. */
  until(match: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** `drop` (cut the connection; it reconnects) or `stop`. */
  command(line: "drop" | "stop"): void;
  stop(): Promise<void>;
}

/** Starts the terminal simulator against a relay's mt5-socket port. */
export function startTerminalSim(port: number, args: string[] = []): TerminalSim {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/sim/terminal.ts", "--port", String(port), ...args], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    events.push(JSON.parse(line));
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    events,
    async until(match, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`terminal sim: timed out; events ${JSON.stringify(events.slice(-5))}\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 100);
        }).finally(() => waiters.clear());
      }
    },
    command(line) {
      child.stdin?.write(`${line}\n`);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs `pipscope` (the built CLI, as a user does) and resolves with its exit code and output. */
export function runPipscope(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`${ROOT}bin/pipscope.mjs`, ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}
