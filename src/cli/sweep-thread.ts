import { readFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { KERNELS_WASM } from "../../wasm/build.mjs";
import { loadKernels } from "../core/kernels/index.ts";
import { FX_RUN_CALENDAR, makeSweepWorker } from "../core/run/index.ts";

/** A sweep worker thread (bundled and started by sweep-threads.ts): the core worker on a port. */
const port = parentPort;
if (!port) throw new Error("sweep-thread.ts runs as a worker thread");
const worker = makeSweepWorker({
  post: (message) => port.postMessage(message),
  loadKernels: () => loadKernels(() => readFile(KERNELS_WASM)),
  calendar: FX_RUN_CALENDAR,
  now: () => Date.now(),
});
port.on("message", (message: unknown) => void worker.handle(message));
