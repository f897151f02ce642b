import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/unit/kernels/build-wasm.setup.ts"],
    setupFiles: ["tests/unit/kernels/use-kernels.setup.ts"],
    testTimeout: 20_000,
    // The JSON report feeds the one-line summary that .ci/run prints at the end.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/unit.json" },
  },
});
