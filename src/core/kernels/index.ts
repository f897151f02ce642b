export {
  Column,
  ColumnArena,
  type F64Column,
  type I8Column,
  type I32Column,
  makeHeapMemory,
  type U8Column,
} from "./arena.ts";
export { INDICATORS_IN_WASM, type IndicatorName, Indicators, indicators, useKernels } from "./indicators.ts";
export {
  type Backend,
  type BandColumns,
  initKernels,
  type KernelName,
  Kernels,
  loadKernels,
  makeSimulationColumns,
  ROUNDS_DIFFERENTLY,
  type SimulationBarColumns,
  type SimulationColumns,
  type SimulationSignalColumns,
  twinKernels,
  WASM_WINS,
} from "./kernels.ts";
export { instantiateKernels, type RawKernels } from "./raw.ts";
export { WASM_PAGE_BYTES, type WasmMemory } from "./wasm-api.ts";
