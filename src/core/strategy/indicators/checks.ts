import { PipscopeError } from "../../errors.ts";

/**
 * Argument checks shared by the twins and the wasm kernels, so both reject the same inputs with
 * the same errors. A few comparisons per call, never inside a loop.
 */

/** Where a column's values lie: a typed array, or a column in wasm memory. */
export interface Span {
  readonly length: number;
  readonly buffer: object;
  readonly byteOffset: number;
  readonly byteLength: number;
}

/** A window length: a whole number ≥ 1. A window longer than the data is allowed (all NaN). */
export function checkPeriod(period: number, field = "period"): void {
  if (!Number.isInteger(period) || period < 1) {
    throw new PipscopeError("INDICATOR_BAD_PERIOD", `${field} must be a whole number of bars ≥ 1, got ${period}`, {
      field,
    });
  }
}

/**
 * Every column has as many values as the first input (one per bar), and no output shares memory
 * with an input or another output: the kernels read inputs after writing earlier outputs.
 */
export function checkColumns(inputs: Record<string, Span>, outputs: Record<string, Span>): void {
  const named = [...Object.entries(inputs), ...Object.entries(outputs)];
  const [firstName, first] = named[0];
  for (const [name, column] of named) {
    if (column.length !== first.length) {
      throw new PipscopeError(
        "INDICATOR_LENGTH_MISMATCH",
        `${name} has ${column.length} values but ${firstName} has ${first.length}: give one value per bar`,
        { field: name },
      );
    }
  }
  const inputCount = Object.keys(inputs).length;
  for (let o = inputCount; o < named.length; o++) {
    for (let other = 0; other < o; other++) {
      if (overlaps(named[o][1], named[other][1])) {
        throw new PipscopeError(
          "INDICATOR_OUTPUT_OVERLAPS",
          `${named[o][0]} shares memory with ${named[other][0]}: give each output its own array`,
          { field: named[o][0] },
        );
      }
    }
  }
}

/** A finite number within `range` (≥ atLeast, > above): multipliers, costs, sizes. */
export function checkNumber(
  value: number,
  field: string,
  range: { atLeast?: number; above?: number },
  code = "INDICATOR_BAD_PARAM",
): void {
  const { atLeast = Number.NEGATIVE_INFINITY, above = Number.NEGATIVE_INFINITY } = range;
  if (!Number.isFinite(value) || value < atLeast || value <= above) {
    const bound = range.above !== undefined ? `> ${above}` : `≥ ${atLeast}`;
    throw new PipscopeError(code, `${field} must be a finite number ${bound}, got ${value}`, { field });
  }
}

function overlaps(a: Span, b: Span): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteLength > 0 &&
    b.byteLength > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}
