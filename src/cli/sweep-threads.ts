import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PoolHost, SweepPort } from "../core/engine/sweep/index.ts";
import { threadEntry } from "./thread-entry.ts";

/**
 * The CLI's sweep pool: `size` worker_threads (default `os.availableParallelism()`), each running
 * the core sweep worker. Data posted to them in SharedArrayBuffers is shared, not copied.
 * `observe` sees each thread as it starts (tests watch them exit).
 */
export function threadPoolHost(size = availableParallelism(), observe?: (worker: Worker) => void): PoolHost {
  return {
    size,
    now: () => Date.now(),
    spawn(index): SweepPort {
      const worker = new Worker(threadEntry("sweep-thread"), { name: `pipscope-sweep-${index + 1}` });
      observe?.(worker);
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
