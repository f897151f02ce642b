import { PipscopeError } from "../core/errors.ts";
import { PIPSCOPE_VERSION } from "../core/version.ts";

/**
 * The data worker's API. It knows nothing of comlink: `data.worker.ts` exposes it, and the
 * tests call it in-thread. The market-data store joins it in [3/8].
 */
export const dataApi = {
  /** Pipscope's version as the worker sees it. */
  version(): string {
    return PIPSCOPE_VERSION;
  },
  /** Echoes `payload` with the worker's receive time; proves the round trip. */
  ping(payload: string): { payload: string; receivedAt: number } {
    return { payload, receivedAt: Date.now() };
  },
  /** Throws a PipscopeError on purpose: proves codes and locations cross the boundary. */
  fail(code: string, message: string): void {
    throw new PipscopeError(code, message, { field: "fail" });
  },
};

export type DataApi = typeof dataApi;
