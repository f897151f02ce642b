import { makeDataWorker } from "../workers/data-client.ts";

let instance: ReturnType<typeof makeDataWorker> | undefined;

/** The page's one data worker, started on first use and kept for the page's lifetime. */
export function dataWorker() {
  instance ??= makeDataWorker();
  return instance.api;
}

const SAMPLE_POLL_MS = 300;

/** Resolves once the synthetic sample a first start creates is there (at once otherwise). */
export async function sampleReady(): Promise<void> {
  while ((await dataWorker().sampleStatus()).state === "running")
    await new Promise((done) => setTimeout(done, SAMPLE_POLL_MS));
}
