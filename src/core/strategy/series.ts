/** Read access to the run's current bar index, shared by every series view of a run. */
export interface Cursor {
  index: number;
}

/**
 * A read-only view of a column up to the current bar: `get(0)` is the current bar, `get(1)` the
 * one before, and nothing after the current bar can be read — look-ahead is impossible by
 * construction, as in backtesting.py, which shows bar i by truncating its arrays to i + 1.
 * Reading before the first bar gives NaN.
 */
export class Series {
  constructor(
    private readonly values: Float64Array,
    private readonly cursor: Cursor,
  ) {}

  /** The value `ago` bars back from the current bar (0 = current). */
  get(ago = 0): number {
    const at = this.cursor.index - ago;
    return at >= 0 && ago >= 0 ? this.values[at] : Number.NaN;
  }

  /** Number of bars readable so far (current index + 1). */
  get length(): number {
    return this.cursor.index + 1;
  }

  /** True when this series crossed above `other` on the current bar. */
  crossedAbove(other: Series): boolean {
    return this.get(1) <= other.get(1) && this.get(0) > other.get(0);
  }

  /** True when this series crossed below `other` on the current bar. */
  crossedBelow(other: Series): boolean {
    return this.get(1) >= other.get(1) && this.get(0) < other.get(0);
  }
}
