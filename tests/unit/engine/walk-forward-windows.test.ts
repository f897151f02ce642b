import { describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { walkForwardWindows } from "../../../src/core/run/walk-forward-windows.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
/** One row per day: 2 warm-up days before T0, then `tested` days from T0. */
const daily = (tested: number) => Float64Array.from({ length: tested + 2 }, (_, i) => T0 + (i - 2) * DAY);
const rows = (w: { inSample: { from: number; to: number }; outOfSample: { from: number; to: number } }) => [
  w.inSample.from,
  w.inSample.to,
  w.outOfSample.from,
  w.outOfSample.to,
];

describe("walk-forward windows", () => {
  it("rolling: in-sample of 5 days moving by the 3-day out-of-sample, over 20 tested days", () => {
    // Tested rows 2..21 are days 0..19. Window k: IS days [3k, 3k+5), OOS [3k+5, 3k+8) while day 3k+5 ≤ 19.
    const windows = walkForwardWindows(daily(20), 2, { mode: "rolling", inSampleDays: 5, outOfSampleDays: 3 });
    expect(windows.map(rows)).toEqual([
      [2, 7, 7, 10],
      [5, 10, 10, 13],
      [8, 13, 13, 16],
      [11, 16, 16, 19],
      [14, 19, 19, 22], // OOS days 17..19: the data ends inside the window
    ]);
    expect(windows[1].inSample).toMatchObject({ start: T0 + 3 * DAY, end: T0 + 8 * DAY });
    expect(windows[1].outOfSample).toMatchObject({ start: T0 + 8 * DAY, end: T0 + 11 * DAY });
    // Issue 14: the last window ends with the data (day 19), not at day 20 past it.
    expect(windows[4].outOfSample.end).toBe(T0 + 19 * DAY + 1);
  });

  it("anchored: every in-sample window starts at the first tested row and grows by the out-of-sample", () => {
    const windows = walkForwardWindows(daily(20), 2, { mode: "anchored", inSampleDays: 5, outOfSampleDays: 3 });
    expect(windows.map(rows)).toEqual([
      [2, 7, 7, 10],
      [2, 10, 10, 13],
      [2, 13, 13, 16],
      [2, 16, 16, 19],
      [2, 19, 19, 22],
    ]);
    expect(windows[4].inSample).toMatchObject({ start: T0, end: T0 + 17 * DAY });
  });

  it("sizes are calendar days: an out-of-sample window with no rows (a weekend) is skipped", () => {
    // Rows on days 0–4 and 7–11 (weekdays, T0 a Monday), none on 5–6; IS 3 days, OOS 2 days.
    const days = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11];
    const time = Float64Array.from(days, (d) => T0 + d * DAY);
    const windows = walkForwardWindows(time, 0, { mode: "rolling", inSampleDays: 3, outOfSampleDays: 2 });
    // k=0: IS [0,3) OOS [3,5) → rows 0..3, 3..5; k=1: IS [2,5) OOS [5,7): no rows, skipped;
    // k=2: IS [4,7) OOS [7,9) → rows 4..5, 5..7; k=3: IS [6,9) OOS [9,11) → 5..7, 7..9; k=4: IS [8,11), OOS [11,13) → 6..9, 9..10.
    expect(windows.map(rows)).toEqual([
      [0, 3, 3, 5],
      [4, 5, 5, 7],
      [5, 7, 7, 9],
      [6, 9, 9, 10],
    ]);
    expect(windows.map((w) => w.index)).toEqual([0, 1, 2, 3]);
  });

  it("a window size that is not a positive number is WALK_FORWARD_BAD_WINDOW naming the field", () => {
    const call = () => walkForwardWindows(daily(20), 2, { mode: "rolling", inSampleDays: 5, outOfSampleDays: 0 });
    expect(call).toThrow(PipscopeError);
    expect(call).toThrow(/out_of_sample_days must be a positive number of days, got 0/);
    try {
      call();
    } catch (error) {
      expect((error as PipscopeError).code).toBe("WALK_FORWARD_BAD_WINDOW");
      expect((error as PipscopeError).where).toEqual({ path: "$.walk_forward.out_of_sample_days" });
    }
  });

  it("data that ends inside the first in-sample window is WALK_FORWARD_TOO_SHORT", () => {
    const call = () => walkForwardWindows(daily(20), 2, { mode: "rolling", inSampleDays: 30, outOfSampleDays: 5 });
    expect(call).toThrow(/the tested range \(19\.0 days\) does not reach past the first in-sample window of 30 days/);
    try {
      call();
    } catch (error) {
      expect((error as PipscopeError).code).toBe("WALK_FORWARD_TOO_SHORT");
    }
  });
});
