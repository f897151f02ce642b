import type { PoolHost, SweepPort } from "../../core/engine/sweep/index.ts";

/**
 * The page's sweep pool: `size` Web Workers (default `navigator.hardwareConcurrency`), each
 * running the core sweep worker. The page is cross-origin isolated, so the data posted to them
 * in SharedArrayBuffers is shared, not copied.
 */
export function browserPoolHost(size = navigator.hardwareConcurrency || 2): PoolHost {
  return {
    size,
    now: () => performance.now(),
    spawn(index): SweepPort {
      const worker = new Worker(new URL("../../workers/sweep.worker.ts", import.meta.url), {
        type: "module",
        name: `pipscope-sweep-${index + 1}`,
      });
      return {
        post: (message) => worker.postMessage(message),
        listen(onMessage, onError) {
          worker.onmessage = (event) => onMessage(event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            onError(new Error(event.message || "the worker could not start"));
          };
          worker.onmessageerror = () => onError(new Error("a message from the worker could not be read"));
        },
        terminate: () => worker.terminate(),
      };
    },
  };
}
