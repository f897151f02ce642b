import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

test("the app loads its wasm kernels: the Dashboard's check passes", async ({ page, consoleErrors }) => {
  const wasmResponses: { url: string; status: number; type: string | undefined }[] = [];
  page.on("response", (response) => {
    if (/\/assets\/kernels-[\w-]+\.wasm$/.test(response.url())) {
      wasmResponses.push({ url: response.url(), status: response.status(), type: response.headers()["content-type"] });
    }
  });
  await page.goto("/");
  const item = page.locator('li[data-check="kernels"]');
  await expect(item).toHaveAttribute("data-ok", "true");
  await expect(item).toContainText("WebAssembly kernels");
  await expect(item).toContainText(/ok: SIMD module loaded in [\d.]+ ms, same numbers as TypeScript/);
  // Fetched as a hashed asset of the build (not inlined), served as WebAssembly.
  expect(wasmResponses.length).toBeGreaterThan(0);
  expect(wasmResponses[0]).toMatchObject({ status: 200, type: "application/wasm" });
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/kernels-dashboard.png` });
  expect(consoleErrors).toEqual([]);
});
