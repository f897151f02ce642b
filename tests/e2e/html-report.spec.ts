import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";
import { engineResult } from "./result-fixture.ts";

test("the HTML report is one self-contained file: it opens offline and makes no network request", async ({
  page,
  browser,
  consoleErrors,
}) => {
  const result = await engineResult();
  const source = join(tmpdir(), "pipscope-e2e-html-source.json");
  await writeFile(source, JSON.stringify(result));
  await page.goto("/#/results");
  await page.locator('input[type="file"]').setInputFiles(source);
  const netProfit = await page.locator('[data-metric="net_profit"] strong').textContent();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "HTML report" }).click(),
  ]);
  const file = join(tmpdir(), "pipscope-e2e-report.html");
  await download.saveAs(file);

  const reader = await browser.newContext({ offline: true });
  const report = await reader.newPage();
  const requests: string[] = [];
  report.on("request", (request) => requests.push(request.url()));
  const fileUrl = pathToFileURL(file).href;
  await report.goto(fileUrl);
  await expect(report.locator("body")).toContainText(netProfit?.replace(" USD", "") ?? "");
  await expect(report.locator('svg[role="img"]').first()).toBeVisible();
  // It carries its share link, and nothing was fetched but the file itself.
  await expect(report.getByRole("link", { name: "Open this report in Pipscope" })).toHaveAttribute(
    "href",
    /^http:\/\/127\.0\.0\.1:\d+\/#\/r\/[A-Za-z0-9_-]+$/,
  );
  expect(requests).toEqual([fileUrl]);
  await report.screenshot({ path: `${SCREENSHOT_DIR}/html-report.png` });
  await reader.close();
  expect(consoleErrors).toEqual([]);
});
