import type { Page } from "@playwright/test";

export interface FormOptions {
  strategy?: string;
  symbol?: string;
  /** `bars_1h` (default), `bars_1m`, … as the form's Timeframe select names them. */
  stream?: string;
  start?: string;
  end?: string;
  /** Replay speed; 0 runs as fast as possible. */
  speed?: number;
}

/** Opens the Backtest page and fills its form: by default an MA cross on the sample's EURUSD H1, H1 2025. */
export async function configureBacktest(page: Page, options: FormOptions = {}) {
  await page.goto("/#/backtest");
  const form = page.getByRole("form", { name: "Backtest settings" });
  await form.locator('select[name="strategy"]').selectOption(options.strategy ?? "ma_cross");
  await form.locator('select[name="symbol"]').selectOption(options.symbol ?? "EURUSD");
  await form.locator('select[name="stream"]').selectOption(options.stream ?? "bars_1h");
  await form.locator('input[name="start"]').fill(options.start ?? "2025-01-01");
  await form.locator('input[name="end"]').fill(options.end ?? "2025-06-30");
  await form.locator('input[name="speed"]').fill(String(options.speed ?? 0));
  await form.locator('input[name="speed"]').blur();
  return form;
}
