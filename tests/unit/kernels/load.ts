import { readFile } from "node:fs/promises";
import { type Backend, initKernels, type Kernels } from "../../../src/core/kernels/index.ts";
import { KERNELS_WASM } from "../../../wasm/build.mjs";

/** The wasm module built by the global setup (tests/unit/kernels/build-wasm.setup.ts). */
export function kernelBytes(): Promise<Buffer> {
  return readFile(KERNELS_WASM);
}

/** Kernels over a fresh instance, every kernel forced onto `backend`. */
export async function loadKernels(backend: Backend | "best" = "wasm"): Promise<Kernels> {
  return initKernels(await kernelBytes(), backend);
}

/** A deterministic pseudo-random source (LCG), so failures reproduce. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** A random walk around `start`, with NaN at the given indices. */
export function walk(n: number, seed: number, start = 1.1, nanAt: number[] = []): Float64Array {
  const next = random(seed);
  const out = new Float64Array(n);
  let price = start;
  for (let i = 0; i < n; i++) {
    price += (next() - 0.5) * 0.001;
    out[i] = price;
  }
  for (const i of nanAt) out[i] = Number.NaN;
  return out;
}
