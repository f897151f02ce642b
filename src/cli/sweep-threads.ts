import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PoolHost, SweepPort } from "../core/engine/sweep/index.ts";

const ENTRY = new URL("./sweep-thread.mjs", import.meta.url);

/**
 * The CLI's sweep pool: `size` worker_threads (default `os.availableParallelism()`), each running
 * the core sweep worker. Data posted to them in SharedArrayBuffers is shared, not copied.
 */
export function threadPoolHost(size = availableParallelism()): PoolHost {
  return {
    size,
    now: () => Date.now(),
    spawn(index): SweepPort {
      const worker = new Worker(ENTRY, { name: `pipscope-sweep-${index + 1}` });
      return {
        post: (message) => worker.postMessage(message),
        listen(onMessage, onError) {
          worker.on("message", onMessage);
          worker.on("error", onError);
          worker.on("exit", (code) => onError(new Error(`the thread exited (code ${code})`)));
        },
        terminate: () => void worker.terminate(),
      };
    },
  };
}
