import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/e2e/chromium.ts";

/**
 * The e2e suite runs against the production build (`npm run build`), served like `npm start`.
 * PIPSCOPE_E2E_PORT, PIPSCOPE_DIST and PIPSCOPE_TEST_RESULTS let two suites run side by side
 * (e.g. `vite build --outDir dist-b`, then the same variables for `playwright test`).
 */
const port = Number(process.env.PIPSCOPE_E2E_PORT ?? 4173);
const dist = process.env.PIPSCOPE_DIST ?? "dist";
const results = process.env.PIPSCOPE_TEST_RESULTS ?? "test-results";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: `${results}/e2e`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // The JSON report feeds the one-line summary that .ci/run prints at the end.
  reporter: [["list"], ["json", { outputFile: `${results}/e2e.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `npx vite preview --strictPort --port ${port} --outDir ${dist}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
