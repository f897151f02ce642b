import { createServer, type Socket } from "node:net";
import { upstreamAuthSchema } from "../../src/core/protocol/relay.ts";
import { nowMsc } from "../clock.ts";
import { sameSecret } from "../secret.ts";
import { Expert, SessionMarks } from "./expert.ts";
import { LineSplitter } from "./lines.ts";
import { MAX_UPSTREAM_MESSAGE_BYTES, type Upstream, type UpstreamSink } from "./upstream.ts";

export interface Mt5SocketOptions {
  /** Interface to listen on; default loopback (MT5 runs on the same machine). */
  host?: string;
  /** When set, each connection's first line must be `{"type":"auth","token":…}` with it. */
  token?: string;
  /** How long a connection has to send that line, ms; default 5,000. */
  authTimeoutMs?: number;
}

/** Whether `text` is the auth line carrying `token`. */
function authenticates(text: string, token: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const parsed = upstreamAuthSchema.safeParse(value);
  return parsed.success && sameSecret(parsed.data.token, token);
}

/**
 * `mt5-socket:<port>`: a TCP server the Expert Advisor (relay/mql5/PipscopeBridge.mq5) connects to,
 * speaking relay/mql5/PROTOCOL.md: its `hello`, numbered ticks (acknowledged, each taken once
 * per EA session across reconnects), account snapshots and history answers (see Expert). Several
 * terminals may connect at once; history is asked of the one that said `hello` last. With a
 * token, a connection counts only once its first line has given it; one that gives a wrong one,
 * another line, or nothing within `authTimeoutMs` is dropped and reported to the sink as refused,
 * so no other local process can feed ticks to the browser.
 * The state is `connecting` while no EA is connected and `connected` while one is.
 */
export function makeMt5SocketUpstream(port: number, options: Mt5SocketOptions = {}): Upstream {
  const host = options.host ?? "127.0.0.1";
  const token = options.token;
  const authTimeoutMs = options.authTimeoutMs ?? 5000;
  /** Every open connection; `experts` the ones that may feed ticks. */
  const sockets = new Set<Socket>();
  const experts = new Map<Socket, Expert>();
  const marks = new SessionMarks();
  let sink: UpstreamSink | undefined;
  let listeningPort = port;
  let linesRead = 0;
  let repeatsOfClosed = 0;

  const admit = (socket: Socket) => {
    if (!sink) return;
    experts.set(socket, new Expert(socket, sink, marks, sink.relayId));
    sink.state("connected");
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    const refuse = (reason: string) => {
      sink?.refused(`${socket.remoteAddress}:${socket.remotePort}: ${reason}`);
      socket.destroy();
    };
    let authTimer: ReturnType<typeof setTimeout> | undefined;
    if (token === undefined) admit(socket);
    else authTimer = setTimeout(() => refuse(`no auth line within ${authTimeoutMs} ms`), authTimeoutMs);
    const splitter = new LineSplitter(MAX_UPSTREAM_MESSAGE_BYTES);
    const line = (text: string) => {
      if (socket.destroyed) return;
      linesRead++;
      const expert = experts.get(socket);
      if (expert) expert.line(text, nowMsc());
      else if (authenticates(text, token as string)) {
        clearTimeout(authTimer);
        admit(socket);
      } else refuse("the first line is not an auth line with the relay's --upstream-token");
    };
    const overlong = () => {
      if (experts.has(socket)) sink?.bad(`a line longer than ${MAX_UPSTREAM_MESSAGE_BYTES / 1024} KiB was skipped`);
      else refuse("an overlong first line");
    };
    socket.on("data", (chunk) => splitter.push(chunk, line, overlong));
    socket.on("end", () => splitter.end(line));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(authTimer);
      sockets.delete(socket);
      const expert = experts.get(socket);
      if (!expert) return;
      experts.delete(socket);
      expert.closed();
      repeatsOfClosed += expert.repeats;
      if (expert.hello) sink?.terminalLost?.(expert);
      if (experts.size === 0 && server.listening) sink?.state("connecting");
    });
  });

  return {
    source: `mt5-socket:${port}`,
    symbols: [],
    async start(target) {
      sink = target;
      sink.state("connecting");
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          if (typeof address === "object" && address) listeningPort = address.port;
          resolve();
        });
      });
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      sink?.state("stopped");
    },
    terminal: () => [...experts.values()].reverse().find((expert) => expert.servesHistory),
    info: () => ({
      listen: `${host}:${listeningPort}`,
      experts: experts.size,
      lines: linesRead,
      repeats: repeatsOfClosed + [...experts.values()].reduce((sum, e) => sum + e.repeats, 0),
      token: token !== undefined,
    }),
  };
}
