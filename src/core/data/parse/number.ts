/** Powers of ten exactly representable as doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses a decimal number in `text[start, end)` without allocating: optional sign, digits, an
 * optional fraction. NaN for anything else (empty, letters, a second dot). The result is the
 * correctly rounded double: an integer mantissa below 2^53 divided by an exact power of ten is one
 * IEEE division. Longer numbers and exponents fall back to `Number()`.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return slowParse(text, start, end);
    }
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15 || fraction > 22) return slowParse(text, start, end);
  const value = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

function slowParse(text: string, start: number, end: number): number {
  const slice = text.slice(start, end).trim();
  if (slice === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(slice)) return Number.NaN;
  return Number(slice);
}
