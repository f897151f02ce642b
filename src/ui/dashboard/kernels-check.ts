import { Indicators, initKernels } from "../../core/kernels/index.ts";
import { bollinger } from "../../core/strategy/indicators/index.ts";
import { fetchKernelBytes } from "../../workers/kernels.ts";

/**
 * The Dashboard's kernel check: fetches the wasm kernels as the workers do, instantiates them,
 * and runs Bollinger bands (SIMD square roots) against the TypeScript twin, which must give the
 * same numbers bit for bit. Resolves with how long that took; throws the loader's error if any.
 */
export async function checkKernels(): Promise<string> {
  const started = performance.now();
  const kernels = await initKernels(await fetchKernelBytes());
  const source = Float64Array.from({ length: 64 }, (_, i) => 1.1 + Math.sin(i) / 1000);
  const kernel = new Indicators(kernels, "wasm").bollinger(source, 20, 2);
  const twin = bollinger(source, 20, 2);
  for (let i = 0; i < source.length; i++) {
    if (!Object.is(kernel.upper[i], twin.upper[i]) || !Object.is(kernel.lower[i], twin.lower[i])) {
      throw new Error(`wasm and TypeScript disagree at value ${i}: ${kernel.upper[i]} vs ${twin.upper[i]}`);
    }
  }
  const ms = (performance.now() - started).toFixed(1);
  return `ok: SIMD module loaded in ${ms} ms, same numbers as TypeScript`;
}
