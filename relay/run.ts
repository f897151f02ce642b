import type { Writable } from "node:stream";
import { PipscopeError } from "../src/core/errors.ts";
import { makeJsonLogger } from "./log.ts";
import { throttleLog } from "./log-throttle.ts";
import { parseRelayOptions } from "./options.ts";
import { makeUpstream, startRelay } from "./relay.ts";
import type { StoreTicks } from "./upstream/store-ticks.ts";

export interface RelayIo {
  stdout: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Reads Parquet files and the cache for `replay` (given by `pipscope relay`). */
  store?: StoreTicks;
}

/**
 * `npm run relay` / `pipscope relay`: starts the relay with `args`, logs JSON lines to stdout and
 * runs until SIGINT or SIGTERM, then closes clients (1001) and upstream and resolves with 0.
 * @throws PipscopeError for bad options (`RELAY_BAD_OPTION`), a bad replay file, or a port in use
 *   (`RELAY_PORT_IN_USE`).
 */
export async function runRelay(args: readonly string[], io: RelayIo): Promise<number> {
  const options = parseRelayOptions(args, io.env);
  const log = throttleLog(makeJsonLogger(io.stdout));
  const upstream = await makeUpstream(options, io.cwd, io.store);
  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay(options, upstream, log);
  } catch (error) {
    await upstream.stop();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new PipscopeError(
        "RELAY_PORT_IN_USE",
        `${options.host}:${options.port} is in use; pick another with --port`,
        {
          field: "--port",
        },
      );
    }
    throw error;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  log.info("shutdown", { signal });
  await relay.close();
  return 0;
}
