import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { CLOSE_CODE } from "../src/core/protocol/relay.ts";
import { Connection, type ConnectionContext } from "./connection.ts";
import { originAllowed } from "./origin.ts";

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  allowOrigins: readonly string[];
  heartbeatMs: number;
  /**
   * Hard limit on an inbound frame, bytes: `ws` closes the connection with 1009 as soon as a frame
   * header announces more, before reading it, so a client cannot make the relay buffer 10 MB.
   */
  maxPayloadBytes: number;
}

export interface RelayServer {
  readonly port: number;
  /** Closes every client with 1001, then the listening socket. */
  close(): Promise<void>;
}

/**
 * The relay's network face: WebSocket upgrades on any path (Origin allow-list; each connection
 * then goes through the context's Admission), `GET /health` and `GET /metrics` as JSON, a
 * heartbeat for every connection.
 */
export async function startServer(
  options: ServerOptions,
  context: ConnectionContext,
  report: { health(): object; metrics(): object },
): Promise<RelayServer> {
  const connections = new Set<Connection>();
  let nextId = 1;
  const http = createServer((request, response) => route(request, response, report));
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, clientTracking: false });

  http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = request.headers.origin;
    if (!originAllowed(origin, options.allowOrigins)) {
      context.stats.rejected.origin++;
      context.log.warn("origin_refused", { origin, remote: request.socket.remoteAddress });
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const remote = `${request.socket.remoteAddress}:${request.socket.remotePort}`;
      const token = new URL(request.url ?? "/", "http://relay").searchParams.get("token");
      const id = nextId++;
      context.log.info("client_open", { client: id, remote, origin });
      const connection = new Connection(ws, context, id, remote, token);
      connections.add(connection);
      ws.on("close", () => connections.delete(connection));
    });
  });

  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.beat();
  }, options.heartbeatMs);

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  return {
    port,
    async close() {
      clearInterval(heartbeat);
      const closing = [...connections].map((connection) => connection.done);
      for (const connection of connections) connection.close(CLOSE_CODE.goingAway, "relay shutting down");
      // A peer that does not answer the close handshake within a second is cut off.
      await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      for (const connection of connections) connection.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function route(request: IncomingMessage, response: ServerResponse, report: { health(): object; metrics(): object }) {
  const path = new URL(request.url ?? "/", "http://relay").pathname;
  const body =
    request.method !== "GET"
      ? undefined
      : path === "/health"
        ? report.health()
        : path === "/metrics"
          ? report.metrics()
          : undefined;
  const status = body ? 200 : request.method !== "GET" ? 405 : 404;
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body ?? { error: status === 405 ? "GET only" : "try /health or /metrics" }));
}
