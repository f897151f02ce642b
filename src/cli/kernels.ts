import { readFile } from "node:fs/promises";
import { buildKernels } from "../../wasm/build.mjs";
import type { PipscopeError } from "../core/errors.ts";
import { loadKernels, useKernels } from "../core/kernels/index.ts";

let loading: Promise<PipscopeError | undefined> | undefined;

/**
 * The CLI's explicit kernel init, once per process: builds wasm/build/kernels.wasm from source
 * if it is missing or stale (a few stat calls when fresh; the compiler loads only to build), loads
 * it, and makes the built-in strategies' `indicators()` use it. If wasm cannot load, the twins run
 * — the same numbers, a little slower — and `warnings` hears why.
 */
export function initCliKernels(warnings: { write(text: string): unknown }): Promise<PipscopeError | undefined> {
  loading ??= loadKernels(async () => readFile(await buildKernels())).then(({ kernels, fallback }) => {
    useKernels(kernels);
    if (fallback) warnings.write(`pipscope: ${fallback.message}; indicators run in TypeScript (same results)\n`);
    return fallback;
  });
  return loading;
}
