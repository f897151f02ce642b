import { expect, it, vi } from "vitest";
import { initCliKernels } from "../../../src/cli/kernels.ts";
import { indicators } from "../../../src/core/kernels/index.ts";

// A machine where the module cannot be built (e.g. no AssemblyScript installed).
vi.mock("../../../wasm/build.mjs", () => ({
  buildKernels: async () => {
    throw new Error("Cannot find package 'assemblyscript'");
  },
}));

it("the CLI runs the twins when the kernels cannot be built, and says why on stderr", async () => {
  const warnings: string[] = [];
  const fallback = await initCliKernels({ write: (text: string) => warnings.push(text) });
  expect(fallback?.code).toBe("KERNELS_UNAVAILABLE");
  expect(new Set(Object.values(indicators().backends))).toEqual(new Set(["twin"]));
  expect(warnings).toEqual([
    "pipscope: the wasm kernels could not be read: Cannot find package 'assemblyscript'; indicators run in TypeScript (same results)\n",
  ]);
});
