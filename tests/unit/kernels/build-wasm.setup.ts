import { buildKernels } from "../../../wasm/build.mjs";

/** Vitest global setup: the kernel tests load wasm/build/kernels.wasm, built from source here (a few ms when fresh). */
export async function setup(): Promise<void> {
  await buildKernels();
}
