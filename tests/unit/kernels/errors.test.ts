import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorWhere } from "../../../src/core/errors.ts";
import { ColumnArena, Kernels, makeHeapMemory, twinKernels } from "../../../src/core/kernels/index.ts";
import {
  applySessionMask,
  atr,
  bollinger,
  crossovers,
  makeSimulationOutput,
  type SimulationParams,
  simulateSignals,
  sma,
} from "../../../src/core/strategy/indicators/index.ts";
import { loadKernels } from "./load.ts";

/** Every bad input is refused with its own code, naming the field, by twins and kernels alike. */

function expectError(run: () => unknown, code: string, where?: ErrorWhere): void {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    if (where) expect((error as { where?: ErrorWhere }).where).toEqual(where);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

const three = () => Float64Array.of(1, 2, 3);

describe("twins refuse bad input", () => {
  it("a period that is not a whole number ≥ 1: INDICATOR_BAD_PERIOD", () => {
    for (const period of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectError(() => sma(three(), period), "INDICATOR_BAD_PERIOD", { field: "period" });
    }
  });

  it("columns of different lengths: INDICATOR_LENGTH_MISMATCH naming the short one", () => {
    expectError(() => atr(three(), Float64Array.of(1, 2), three(), 2), "INDICATOR_LENGTH_MISMATCH", { field: "low" });
    expectError(() => sma(three(), 2, new Float64Array(2)), "INDICATOR_LENGTH_MISMATCH", { field: "out" });
    expectError(() => crossovers(three(), Float64Array.of(1)), "INDICATOR_LENGTH_MISMATCH", { field: "b" });
  });

  it("an output sharing memory with an input or another output: INDICATOR_OUTPUT_OVERLAPS", () => {
    const source = three();
    expectError(() => sma(source, 2, source), "INDICATOR_OUTPUT_OVERLAPS", { field: "out" });
    const buffer = new Float64Array(6);
    expectError(() => sma(buffer.subarray(0, 3), 2, buffer.subarray(2, 5)), "INDICATOR_OUTPUT_OVERLAPS");
    const bands = { middle: new Float64Array(3), upper: new Float64Array(3), lower: new Float64Array(3) };
    expectError(() => bollinger(three(), 2, 2, { ...bands, lower: bands.upper }), "INDICATOR_OUTPUT_OVERLAPS", {
      field: "lower",
    });
  });

  it("a negative or infinite band width: INDICATOR_BAD_PARAM", () => {
    expectError(() => bollinger(three(), 2, -1), "INDICATOR_BAD_PARAM", { field: "k" });
    expectError(() => bollinger(three(), 2, Number.POSITIVE_INFINITY), "INDICATOR_BAD_PARAM", { field: "k" });
  });

  it("session bits outside one byte: INDICATOR_BAD_PARAM", () => {
    const bytes = Uint8Array.of(1, 0);
    for (const sessions of [256, -1, 1.5]) {
      expectError(() => applySessionMask(bytes, bytes.slice(), sessions), "INDICATOR_BAD_PARAM", { field: "sessions" });
    }
  });
});

describe("the simulator refuses bad input", () => {
  const bars = { open: three(), high: three(), low: three(), close: three(), spread: new Float64Array(3) };
  const signals = () => ({ entryLong: new Uint8Array(3), entryShort: new Uint8Array(3), exit: new Uint8Array(3) });
  const params: SimulationParams = {
    point: 0.00001,
    pipSize: 0.0001,
    contractSize: 100_000,
    lots: 1,
    commissionPerLot: 0,
    slPips: 0,
    tpPips: 0,
    initialBalance: 10_000,
  };

  for (const [field, value] of [
    ["point", 0],
    ["pipSize", -0.0001],
    ["contractSize", Number.NaN],
    ["lots", 0],
    ["commissionPerLot", -1],
    ["slPips", -5],
    ["tpPips", Number.POSITIVE_INFINITY],
    ["initialBalance", Number.NaN],
  ] as const) {
    it(`${field} = ${value}: SIMULATION_BAD_PARAM`, () => {
      expectError(() => simulateSignals(bars, signals(), { ...params, [field]: value }), "SIMULATION_BAD_PARAM", {
        field,
      });
    });
  }

  it("a signal column of another length: INDICATOR_LENGTH_MISMATCH", () => {
    expectError(
      () => simulateSignals(bars, { ...signals(), exit: new Uint8Array(2) }, params),
      "INDICATOR_LENGTH_MISMATCH",
      { field: "exit" },
    );
    expectError(() => simulateSignals(bars, signals(), params, makeSimulationOutput(4)), "INDICATOR_LENGTH_MISMATCH");
  });
});

describe("kernels over columns refuse bad input", () => {
  let k: Kernels;
  beforeAll(async () => {
    k = await loadKernels("wasm");
  });

  it("the same checks as the twins, before any wasm runs", () => {
    const column = k.arena.f64From(three());
    expectError(() => k.sma(column, 0), "INDICATOR_BAD_PERIOD");
    expectError(() => k.rollingMax(column, 2, k.arena.f64(2)), "INDICATOR_LENGTH_MISMATCH", { field: "out" });
    expectError(() => k.sma(column, 2, column), "INDICATOR_OUTPUT_OVERLAPS", { field: "out" });
    expectError(() => k.bollinger(column, 2, -2), "INDICATOR_BAD_PARAM", { field: "k" });
  });

  it("a column of another arena: KERNEL_FOREIGN_COLUMN (its address means other data here)", () => {
    const other = twinKernels().arena.f64From(three());
    expectError(() => k.sma(other, 2), "KERNEL_FOREIGN_COLUMN", { field: "source" });
  });

  it("an arena refuses a negative length, a bad mark, and memory beyond what it can grow", () => {
    const arena = new ColumnArena(makeHeapMemory(), 0);
    expectError(() => arena.f64(-1), "KERNEL_BAD_LENGTH");
    expectError(() => arena.release(arena.mark() + 16), "KERNEL_BAD_MARK");
    expectError(() => k.arena.f64(2 ** 30), "KERNEL_OUT_OF_MEMORY"); // 8 GiB > wasm32's 4 GiB
  });

  it("wasm kernels asked for without a module: KERNELS_UNAVAILABLE", () => {
    expectError(() => new Kernels(new ColumnArena(makeHeapMemory(), 0), undefined, "wasm"), "KERNELS_UNAVAILABLE");
  });
});
