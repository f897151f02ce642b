import { type Remote, wrap } from "comlink";
import type { DataApi } from "./data-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

/** Starts the data worker and returns its API. The caller terminates the worker when done. */
export function makeDataWorker(): { api: Remote<DataApi>; worker: Worker } {
  registerErrorTransfer();
  const worker = new Worker(new URL("./data.worker.ts", import.meta.url), { type: "module", name: "pipscope-data" });
  return { api: wrap<DataApi>(worker), worker };
}
