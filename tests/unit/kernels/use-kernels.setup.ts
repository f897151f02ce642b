import { initKernels, useKernels } from "../../../src/core/kernels/index.ts";
import { kernelBytes } from "./load.ts";

/**
 * Vitest setup file, run in every test file's module graph: the explicit kernel init the CLI and
 * the backtest worker make, so the engine tests run the built-in strategies' indicators on wasm
 * where it wins. It throws rather than falling back: in the tests wasm must load.
 */
useKernels(await initKernels(await kernelBytes()));
