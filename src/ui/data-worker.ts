import { makeDataWorker } from "../workers/data-client.ts";

let instance: ReturnType<typeof makeDataWorker> | undefined;

/** The page's one data worker, started on first use and kept for the page's lifetime. */
export function dataWorker() {
  instance ??= makeDataWorker();
  return instance.api;
}
