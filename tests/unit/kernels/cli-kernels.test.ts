import { expect, it } from "vitest";
import { initCliKernels } from "../../../src/cli/kernels.ts";
import { indicators, twinKernels, useKernels } from "../../../src/core/kernels/index.ts";

it("the CLI's init loads the built module once and puts indicators() on wasm, without a warning", async () => {
  useKernels(twinKernels());
  expect(indicators().backends.bollinger).toBe("twin");
  const warnings: string[] = [];
  const sink = { write: (text: string) => warnings.push(text) };
  const first = initCliKernels(sink);
  expect(initCliKernels(sink)).toBe(first);
  expect(await first).toBeUndefined();
  expect(indicators().backends.bollinger).toBe("wasm");
  expect(indicators().backends.sma).toBe("twin");
  expect(warnings).toEqual([]);
});
