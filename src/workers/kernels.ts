import kernelsUrl from "../../wasm/build/kernels.wasm?url&no-inline";
import { PipscopeError } from "../core/errors.ts";
import { loadKernels, useKernels } from "../core/kernels/index.ts";

/**
 * The kernels module's bytes, fetched from the app: a hashed asset next to the bundles (never
 * inlined as a data: URL, which the page's connect-src would refuse), precached by the service
 * worker so it loads offline.
 */
export async function fetchKernelBytes(): Promise<ArrayBuffer> {
  const response = await fetch(kernelsUrl);
  if (!response.ok) {
    throw new PipscopeError(
      "KERNELS_UNAVAILABLE",
      `the wasm kernels could not be fetched from ${kernelsUrl}: HTTP ${response.status}`,
      { path: kernelsUrl },
    );
  }
  return response.arrayBuffer();
}

/**
 * A worker's explicit kernel init (no top-level await: a comlink worker must answer its first
 * messages): fetches and instantiates the kernels, then makes the built-in strategies'
 * `indicators()` use them. Never rejects: if wasm cannot load, the twins run — the same numbers —
 * and the console says why. A run that starts before this resolves uses the twins.
 */
export async function initWorkerKernels(): Promise<PipscopeError | undefined> {
  const { kernels, fallback } = await loadKernels(fetchKernelBytes);
  useKernels(kernels);
  if (fallback) console.warn(`pipscope: ${fallback.message}; indicators run in TypeScript (same results)`);
  return fallback;
}
