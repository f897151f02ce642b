import { createServer, type Socket } from "node:net";
import { LineSplitter } from "./lines.ts";
import { readUpstreamText } from "./read-message.ts";
import { MAX_UPSTREAM_MESSAGE_BYTES, type Upstream, type UpstreamSink } from "./upstream.ts";

/**
 * `mt5-socket:<port>`: a TCP server the Expert Advisor (relay/mql5/PipscopeTickRelay.mq5) connects
 * to and writes one JSON object per line: ticks and account snapshots. Several terminals may
 * connect at once. Listens on `host` (loopback by default: MT5 runs on the same machine).
 * The state is `connecting` while no EA is connected and `connected` while one is.
 */
export function makeMt5SocketUpstream(port: number, host = "127.0.0.1"): Upstream {
  const sockets = new Set<Socket>();
  let sink: UpstreamSink | undefined;
  let listeningPort = port;
  let linesRead = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    sink?.state("connected");
    const splitter = new LineSplitter(MAX_UPSTREAM_MESSAGE_BYTES);
    const line = (text: string) => {
      linesRead++;
      if (sink) readUpstreamText(text, sink);
    };
    const overlong = () => sink?.bad(`a line longer than ${MAX_UPSTREAM_MESSAGE_BYTES / 1024} KiB was skipped`);
    socket.on("data", (chunk) => splitter.push(chunk, line, overlong));
    socket.on("end", () => splitter.end(line));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0 && server.listening) sink?.state("connecting");
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
    info: () => ({ listen: `${host}:${listeningPort}`, experts: sockets.size, lines: linesRead }),
  };
}
