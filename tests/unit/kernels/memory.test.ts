import { describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { instantiateKernels, loadKernels as loadOrFallBack, twinKernels } from "../../../src/core/kernels/index.ts";
import { sma } from "../../../src/core/strategy/indicators/index.ts";
import { kernelBytes, loadKernels, walk } from "./load.ts";

describe("kernel memory", () => {
  it("stays flat over 1,000 kernel calls that allocate and release their columns", async () => {
    const k = await loadKernels("wasm");
    const close = k.arena.f64From(walk(10_000, 1));
    const high = k.arena.f64From(walk(10_000, 2, 1.2));
    const low = k.arena.f64From(walk(10_000, 3, 1.0));
    const memory = k.arena.memory;
    let bytesAfterFirst = 0;
    for (let call = 0; call < 1000; call++) {
      const mark = k.arena.mark();
      k.sma(close, 20);
      k.rollingMax(high, 50);
      k.bollinger(close, 20, 2);
      k.atr(high, low, close, 14);
      k.arena.release(mark);
      if (call === 0) bytesAfterFirst = memory.buffer.byteLength;
    }
    expect(memory.buffer.byteLength).toBe(bytesAfterFirst);
  });

  it("re-creates a column's view after the memory grows (the old view is detached)", async () => {
    const k = await loadKernels("wasm");
    const column = k.arena.f64From(Float64Array.of(1, 2, 3));
    const before = column.view;
    const pages = k.arena.memory.buffer.byteLength / 65_536;
    k.arena.f64(2_000_000); // 16 MB: more than the memory holds
    expect(k.arena.memory.buffer.byteLength / 65_536).toBeGreaterThan(pages);
    expect(before.length).toBe(0); // detached by the grow
    expect(Array.from(column.view)).toEqual([1, 2, 3]);
  });

  it("the twins over a plain heap grow the same way and keep their values", () => {
    const k = twinKernels();
    const column = k.arena.f64From(walk(100, 4));
    const expected = Array.from(column.view);
    k.arena.f64(100_000);
    expect(Array.from(column.view)).toEqual(expected);
    expect(Array.from(k.sma(column, 5).view)).toEqual(Array.from(sma(column.view, 5)));
  });

  it("the wasm kernels recover from a cancelled sliding sum at the twins' restart bars", async () => {
    const k = await loadKernels("wasm");
    const source = new Float64Array(200).fill(1);
    source[0] = 1e16;
    const column = k.arena.f64From(source);
    for (const out of [k.sma(column, 2).view, k.wma(column, 2).view]) {
      expect(out[1 + 64]).toBe(1);
      expect(out[199]).toBe(1);
    }
  });
});

describe("loading the kernels", () => {
  it("'best' runs every kernel in wasm except EMA, which does not beat its twin", async () => {
    const k = await loadKernels("best");
    expect(k.backends.ema).toBe("twin");
    expect(k.backends.sma).toBe("wasm");
    expect(k.backends.simulate).toBe("wasm");
  });

  it("falls back to the twins, with the reason, when the bytes cannot be read", async () => {
    const { kernels, fallback } = await loadOrFallBack(() => Promise.reject(new Error("404 Not Found")));
    expect(fallback?.code).toBe("KERNELS_UNAVAILABLE");
    expect(fallback?.message).toContain("404 Not Found");
    expect(Object.values(kernels.backends).every((backend) => backend === "twin")).toBe(true);
    expect(Array.from(kernels.sma(kernels.arena.f64From(Float64Array.of(1, 3)), 2).view)).toEqual([Number.NaN, 2]);
  });

  it("loads the wasm kernels when the bytes are there", async () => {
    const bytes = await kernelBytes();
    const { kernels, fallback } = await loadOrFallBack(async () => bytes);
    expect(fallback).toBeUndefined();
    expect(kernels.backends.sma).toBe("wasm");
  });

  it("rejects bytes that are not WebAssembly: KERNELS_UNAVAILABLE", async () => {
    const error = await instantiateKernels(new TextEncoder().encode("<!doctype html>")).catch((e) => e);
    expect(error).toBeInstanceOf(PipscopeError);
    expect(error.code).toBe("KERNELS_UNAVAILABLE");
  });

  it("rejects a module without the kernels (another build): KERNELS_BAD_MODULE naming the export", async () => {
    const emptyModule = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
    const error = await instantiateKernels(emptyModule).catch((e) => e);
    expect(error.code).toBe("KERNELS_BAD_MODULE");
    expect(error.where).toEqual({ field: "heapBase" });
  });
});
