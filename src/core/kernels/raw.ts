import { PipscopeError } from "../errors.ts";
import { type WasmMemory, webAssembly } from "./wasm-api.ts";

/**
 * The kernels module's exports (wasm/assembly/index.ts): byte addresses into `memory` and value
 * counts. Raw: no checks, a wrong pointer reads or overwrites other columns. Use `Kernels`.
 */
export interface RawKernels {
  memory: WasmMemory;
  heapBase(): number;
  sma(src: number, n: number, period: number, out: number): void;
  ema(src: number, n: number, period: number, out: number): void;
  wma(src: number, n: number, period: number, out: number): void;
  rsi(src: number, n: number, period: number, out: number): void;
  atr(high: number, low: number, close: number, n: number, period: number, out: number): void;
  rollingStdev(src: number, n: number, period: number, out: number): void;
  bollinger(src: number, n: number, period: number, k: number, middle: number, upper: number, lower: number): void;
  rollingMax(src: number, n: number, period: number, out: number, scratch: number): void;
  rollingMin(src: number, n: number, period: number, out: number, scratch: number): void;
  crossovers(a: number, b: number, n: number, out: number): void;
  applySessionMask(signal: number, mask: number, n: number, sessions: number, out: number): void;
  setTradeColumns(
    entryIndex: number,
    exitIndex: number,
    side: number,
    entryPrice: number,
    exitPrice: number,
    pnl: number,
    reason: number,
  ): void;
  simulate(
    n: number,
    open: number,
    high: number,
    low: number,
    close: number,
    spread: number,
    entryLong: number,
    entryShort: number,
    exit: number,
    point: number,
    pipSize: number,
    contractSize: number,
    lots: number,
    commissionPerLot: number,
    slPips: number,
    tpPips: number,
    initialBalance: number,
    equity: number,
  ): number;
}

const FUNCTIONS = [
  "heapBase",
  "sma",
  "ema",
  "wma",
  "rsi",
  "atr",
  "rollingStdev",
  "bollinger",
  "rollingMax",
  "rollingMin",
  "crossovers",
  "applySessionMask",
  "setTradeColumns",
  "simulate",
] as const satisfies readonly Exclude<keyof RawKernels, "memory">[];

/**
 * Instantiates the kernels module from its bytes (wasm/build/kernels.wasm, fetched or read by
 * the caller). An explicit async call, never a top-level await: a module-level await in the ESM
 * bindings made a comlink worker miss its first messages and hang. Throws KERNELS_UNAVAILABLE when
 * the runtime has no WebAssembly or refuses the bytes, KERNELS_BAD_MODULE when an export is missing
 * (bytes of another build).
 */
export async function instantiateKernels(bytes: ArrayBuffer | Uint8Array): Promise<RawKernels> {
  const api = webAssembly();
  if (!api) throw new PipscopeError("KERNELS_UNAVAILABLE", "this JavaScript runtime has no WebAssembly");
  let exports: Record<string, unknown>;
  try {
    // The module imports nothing (built with --use abort=, see wasm/build.mjs).
    ({ exports } = (await api.instantiate(bytes, {})).instance);
  } catch (error) {
    throw new PipscopeError("KERNELS_UNAVAILABLE", `the wasm kernels did not load: ${(error as Error).message}`);
  }
  for (const name of FUNCTIONS) {
    if (typeof exports[name] !== "function") {
      throw new PipscopeError(
        "KERNELS_BAD_MODULE",
        `the wasm kernels module has no function '${name}': rebuild it with npm run build:wasm`,
        { field: name },
      );
    }
  }
  const memory = exports.memory as WasmMemory | undefined;
  if (!memory || !(memory.buffer instanceof ArrayBuffer)) {
    throw new PipscopeError("KERNELS_BAD_MODULE", "the wasm kernels module exports no memory", { field: "memory" });
  }
  return exports as unknown as RawKernels;
}
