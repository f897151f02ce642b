import { type Remote, wrap } from "comlink";
import type { MonteCarloOptions, MonteCarloResult } from "../core/router/monte-carlo.ts";
import { registerErrorTransfer } from "../workers/error-transfer.ts";
import type { MonteCarloEndpoint } from "../workers/monte-carlo.worker.ts";

let endpoint: Remote<MonteCarloEndpoint> | undefined;

/** `monteCarlo` (core/router/monte-carlo.ts) in its own worker, started on first use. */
export function monteCarloInWorker(
  values: readonly number[],
  initialBalance: number,
  options: Partial<MonteCarloOptions>,
): Promise<MonteCarloResult> {
  registerErrorTransfer();
  endpoint ??= wrap<MonteCarloEndpoint>(
    new Worker(new URL("../workers/monte-carlo.worker.ts", import.meta.url), {
      type: "module",
      name: "pipscope-monte-carlo",
    }),
  );
  return endpoint.run(Float64Array.from(values), initialBalance, options);
}
