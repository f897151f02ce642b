import { z } from "zod";
import kernelsUrl from "../../wasm/build/kernels.wasm?url";
import { loadKernels } from "../core/kernels/index.ts";
import { FX_RUN_CALENDAR, makeSweepWorker } from "../core/run/index.ts";

// The page's CSP forbids eval here (only the backtest worker may): zod must not probe for it.
z.config({ jitless: true });

/** A sweep worker of the page's pool (src/ui/sweep/pool-host.ts): the core worker on this worker's port. */
const worker = makeSweepWorker({
  post: (message) => self.postMessage(message),
  loadKernels: () => loadKernels(async () => (await fetch(kernelsUrl)).arrayBuffer()),
  calendar: FX_RUN_CALENDAR,
  now: () => Date.now(),
});
self.onmessage = (event: MessageEvent) => void worker.handle(event.data);
