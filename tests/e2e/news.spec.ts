import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

test.use({ timezoneId: "UTC" });

const CSV = [
  "Title,Country,Date,Time,Impact,Forecast,Previous",
  "CPI m/m,USD,03-12-2024,8:30am,High,0.4%,0.3%",
  "German ZEW Economic Sentiment,EUR,03-19-2024,6:00am,Medium,20.5,19.9",
  "BOJ Policy Rate,JPY,03-19-2024,All Day,High,-0.10%,-0.10%",
  "Broken row,GBP,03-12-2024,noon,Low,,",
  "Retail Sales m/m,GBP,03-22-2024,3:00am,Low,0.3%,3.4%",
].join("\n");

/** ForexFactory's weekly XML is windows-1252 with CDATA: 0x80 is the euro sign. */
function xmlBytes(): Buffer {
  const xml = `<?xml version="1.0" encoding="windows-1252"?>
<weeklyevents>
<event><title><![CDATA[ECB Press Conference \x80]]></title><country><![CDATA[EUR]]></country><date><![CDATA[03-12-2024]]></date><time><![CDATA[1:45pm]]></time><impact><![CDATA[High]]></impact><forecast /><previous /></event>
</weeklyevents>`;
  return Buffer.from(xml, "latin1");
}

test("imports a CSV with the file picker, lists events by day with kill zones, and keeps them after a reload", async ({
  page,
  consoleErrors,
}) => {
  await page.clock.setFixedTime(new Date("2024-03-10T00:00:00Z"));
  await page.goto("/#/news");
  await page.getByLabel("Times in CSV/XML are in").selectOption("America/New_York");
  await page
    .getByLabel("Calendar file")
    .setInputFiles({ name: "week.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  const status = page.getByRole("status");
  await expect(status).toContainText("week.csv: read 4 events, 4 new; skipped 1 malformed rows:");
  await expect(status).toContainText("week.csv:5 (field Time): 'noon' is not a time");
  const events = page.getByRole("region", { name: "Events" });
  // 8:30 New York on 12 March (EDT) is 12:30 UTC; the page shows UTC (the browser's zone here).
  const cpi = events.locator("tr", { hasText: "CPI m/m" });
  await expect(cpi.locator(".news-time")).toHaveText("12:30");
  await expect(cpi).toHaveAttribute("data-impact", "High");
  await expect(cpi.locator(".kill-zone")).toHaveText("kill zone 12:00–13:00");
  await expect(events.locator("tr", { hasText: "BOJ Policy Rate" }).locator(".news-time")).toHaveText("All day");
  await expect(events.locator("tr", { hasText: "German ZEW" }).locator(".kill-zone")).toHaveCount(0); // Medium
  await expect(events.locator("[data-day]")).toHaveCount(3);
  await expect(page.locator("[data-kill-zone-summary]")).toHaveText(
    "EURUSD trades on news of EUR and USD: 1 kill zone. Next: Tue 2024-03-12 12:00–13:00.",
  );
  await page.screenshot({ path: `${SCREENSHOT_DIR}/news-imported.png`, fullPage: true });

  await page.reload();
  await expect(events.locator("tr", { hasText: "CPI m/m" }).locator(".kill-zone")).toHaveText("kill zone 12:00–13:00");
  await expect(events.locator("tbody tr")).toHaveCount(4);
  expect(consoleErrors).toEqual([]);
});

test("imports a windows-1252 XML by drag-and-drop, filters by currency and impact, and keeps kill-zone settings", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/#/news");
  await page
    .getByLabel("Calendar file")
    .setInputFiles({ name: "week.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  const events = page.getByRole("region", { name: "Events" });
  await expect(events.locator("tbody tr")).toHaveCount(4);

  const dataTransfer = await page.evaluateHandle(
    (bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "ff_calendar_thisweek.xml", { type: "text/xml" }));
      return transfer;
    },
    [...xmlBytes()],
  );
  await page.getByRole("region", { name: "Import a calendar" }).dispatchEvent("drop", { dataTransfer });
  await expect(page.getByRole("status")).toContainText("ff_calendar_thisweek.xml: read 1 events, 1 new.");
  await expect(events.locator("tr", { hasText: "ECB Press Conference €" }).locator(".news-time")).toHaveText("13:45");

  await events.getByLabel("Currency").selectOption("EUR");
  await expect(events.locator("tbody tr")).toHaveCount(2);
  await events.getByRole("checkbox", { name: "Medium" }).uncheck();
  await expect(events.locator("tbody tr")).toHaveCount(1);
  await events.getByLabel("Currency").selectOption("ALL_CURRENCIES");
  await expect(events.locator("tbody tr")).toHaveCount(4);

  // USDJPY counts JPY and USD news; the all-day BOJ entry has no time, so no window.
  const killZones = page.getByRole("region", { name: "Kill zones" });
  await killZones.getByLabel("Instrument").fill("USDJPY");
  await killZones.getByLabel("Instrument").press("Enter");
  await killZones.getByLabel("Minutes before").fill("15");
  await killZones.getByLabel("Minutes before").press("Enter");
  await expect(page.locator("[data-kill-zone-summary]")).toContainText(
    "USDJPY trades on news of USD and JPY: 1 kill zone.",
  );
  await expect(events.locator("tr", { hasText: "CPI m/m" }).locator(".kill-zone")).toHaveText("kill zone 08:15–09:00");
  await expect(events.locator("tr", { hasText: "ECB Press Conference" }).locator(".kill-zone")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/news-filtered.png`, fullPage: true });

  await page.reload();
  await expect(page.getByRole("region", { name: "Kill zones" }).getByLabel("Instrument")).toHaveValue("USDJPY");
  await expect(page.getByRole("region", { name: "Kill zones" }).getByLabel("Minutes before")).toHaveValue("15");
  await page.getByRole("button", { name: "Delete all stored events" }).click();
  await expect(events).toContainText("No events yet: import a calendar.");
  expect(consoleErrors).toEqual([]);
});

test("rejects a file in no calendar format and says why, storing nothing", async ({ page, consoleErrors }) => {
  await page.goto("/#/news");
  await page
    .getByLabel("Calendar file")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByRole("status")).toContainText(
    "Nothing imported: notes.txt: not a calendar export Pipscope reads",
  );
  await expect(page.getByRole("region", { name: "Events" })).toContainText("No events yet");
  expect(consoleErrors).toEqual([]);
});
