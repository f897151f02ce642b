import { expect, SCREENSHOT_DIR, test } from "./fixtures.ts";

// The user in Los Angeles: local time differs from every session zone.
test.use({ timezoneId: "America/Los_Angeles" });

test("the clock shows the London/New York overlap on 2024-03-12 12:30 UTC", async ({ page, consoleErrors }) => {
  await page.clock.setFixedTime(new Date("2024-03-12T12:30:00Z"));
  await page.goto("/");
  const clock = page.getByRole("region", { name: "Session clock" });
  await expect(clock.locator("[data-primary]")).toHaveText("London/New York overlap");
  for (const [session, active] of [
    ["SYDNEY", "false"],
    ["ASIAN", "false"],
    ["LONDON", "true"],
    ["NEW_YORK", "true"],
  ])
    await expect(clock.locator(`[data-session="${session}"]`)).toHaveAttribute("data-active", active);
  const time = (label: string) => clock.locator(`[data-clock="${label}"] time`);
  await expect(time("UTC")).toHaveText("12:30:00");
  await expect(time("Local (America/Los_Angeles)")).toHaveText("05:30:00"); // PDT since 10 March
  await expect(time("New York")).toHaveText("08:30:00");
  await expect(time("London")).toHaveText("12:30:00"); // still GMT
  await expect(time("Tokyo")).toHaveText("21:30:00");
  await expect(clock.locator('[data-countdown="close"]')).toHaveText("London/New York overlap closes in 03:30:00");
  await expect(clock.locator('[data-countdown="next"]')).toHaveText("Sydney opens in 07:30:00");
  await expect(clock.locator('[data-market="FX"]')).toHaveAttribute("data-phase", "open");
  await expect(clock.locator('[data-market="US_EQUITY"]')).toHaveAttribute("data-phase", "pre_market");
  // The band is the Los Angeles day: London 08:00–16:00 GMT is 01:00–09:00 PDT.
  await expect(clock.locator('[data-band="LONDON"] .sc-run')).toHaveAttribute("data-run", "01:00–09:00");
  await expect(clock.locator('[data-band="NEW_YORK"] .sc-run')).toHaveAttribute("data-run", "05:00–14:00");
  await clock.screenshot({ path: `${SCREENSHOT_DIR}/session-clock-overlap.png` });
  expect(consoleErrors).toEqual([]);
});

test("the clock shows everything closed on a Saturday and counts down to the Sunday open", async ({
  page,
  consoleErrors,
}) => {
  await page.clock.setFixedTime(new Date("2024-03-09T12:00:00Z"));
  await page.goto("/");
  const clock = page.getByRole("region", { name: "Session clock" });
  await expect(clock.locator("[data-primary]")).toHaveText("Closed");
  await expect(clock.locator('[data-active="true"]')).toHaveCount(0);
  await expect(clock.locator('[data-countdown="close"]')).toHaveCount(0);
  // FX opens Sunday 17:00 New York = 21:00 UTC (EDT from that morning); Sydney is first.
  await expect(clock.locator('[data-countdown="next"]')).toHaveText("Sydney opens in 1d 09:00:00");
  await expect(clock.locator('[data-market="FX"]')).toHaveAttribute("data-phase", "closed");
  await expect(clock.locator('[data-market="US_EQUITY"]')).toHaveAttribute("data-phase", "closed");
  await expect(clock.locator(".sc-run")).toHaveCount(0);
  await clock.screenshot({ path: `${SCREENSHOT_DIR}/session-clock-saturday.png` });
  expect(consoleErrors).toEqual([]);
});

test("the clock ticks every second", async ({ page, consoleErrors }) => {
  await page.clock.install({ time: new Date("2024-07-10T07:29:58Z") });
  await page.clock.pauseAt(new Date("2024-07-10T07:29:59Z"));
  await page.goto("/");
  const utc = page.locator('[data-clock="UTC"] time');
  await expect(utc).toHaveText("07:29:59");
  await page.clock.runFor(3000);
  await expect(utc).toHaveText("07:30:02");
  await expect(page.locator('[data-session="LONDON"]')).toHaveAttribute("data-active", "true");
  await expect(page.locator('[data-session="ASIAN"]')).toHaveAttribute("data-active", "true");
  await expect(page.locator("[data-primary]")).toHaveText("London");
  expect(consoleErrors).toEqual([]);
});

test.describe("in London on the day the UK moves its clocks forward", () => {
  test.use({ timezoneId: "Europe/London" });

  test("the band is a 23-hour day and Sydney opens at the FX open, 22:00 BST", async ({ page, consoleErrors }) => {
    await page.clock.setFixedTime(new Date("2024-03-31T10:00:00Z"));
    await page.goto("/");
    const clock = page.getByRole("region", { name: "Session clock" });
    await expect(clock.locator('[data-clock="Local (Europe/London)"] time')).toHaveText("11:00:00");
    const sydney = clock.locator('[data-band="SYDNEY"] .sc-run');
    await expect(sydney).toHaveAttribute("data-run", "22:00–24:00");
    // 21:00 UTC is 21 of the day's 23 hours (local midnight was 00:00 GMT).
    expect(await sydney.evaluate((el) => (el as HTMLElement).style.left)).toBe(`${((21 / 23) * 100).toFixed(3)}%`);
    await clock.screenshot({ path: `${SCREENSHOT_DIR}/session-clock-uk-dst-day.png` });
    expect(consoleErrors).toEqual([]);
  });
});
