const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
const padded = (width: number) => Array.from({ length: 10 ** width }, (_, i) => String(i).padStart(width, "0"));
/** "0".."9", "00".."99", "000".."999": fraction digits by table, three at a time. */
const PADDED = [[""], padded(1), padded(2), padded(3)];

/** The `digits` decimal digits of an integer fraction 0 ≤ f < 10^digits, zero-padded. */
function fractionText(f: number, digits: number): string {
  if (digits <= 3) return PADDED[digits][f];
  const low = f % 1000;
  return fractionText((f - low) / 1000, digits - 3) + PADDED[3][low];
}

/**
 * `value.toFixed(digits)` for log lines, several times faster: log lines are built per fill in
 * the hot loop, and toFixed dominated the cost of a trade. Rounds half away from zero on the
 * binary value scaled by 10^digits, so an exact tie may round up where toFixed rounds down; for
 * display only, and prints no negative zero ("0.00", not "-0.00"). The fraction's digits come
 * from tables rather than a number-to-string conversion. Falls back to toFixed where the scaled
 * value is not an exact integer (beyond 2^53) or digits > 10.
 */
export function formatFixed(value: number, digits: number): string {
  const power = POWERS[digits];
  const scaled = Math.round(Math.abs(value) * power);
  if (!(scaled <= Number.MAX_SAFE_INTEGER) || digits > 10) return value.toFixed(digits);
  const whole = Math.floor(scaled / power);
  const text = digits === 0 ? String(whole) : `${whole}.${fractionText(scaled - whole * power, digits)}`;
  return value < 0 && scaled !== 0 ? `-${text}` : text;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** The last day formatted, as "YYYY-MM-DDT": a run's log lines fall on few days and many times. */
let cachedDay = Number.NaN;
let cachedDayText = "";

/**
 * `new Date(ms).toISOString()` without the Date object: log lines carry the simulated time and a
 * trade's lines fall on a new bar each time, where toISOString cost ~1 µs. Days to civil date by
 * Howard Hinnant's algorithm (http://howardhinnant.github.io/date_algorithms.html#civil_from_days),
 * done once per day: the date part of the last day formatted is kept.
 */
export function formatIsoUtc(ms: number): string {
  if (!(ms >= 0 && ms < 253402300800000)) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  if (days !== cachedDay) {
    cachedDay = days;
    cachedDayText = civilDate(days);
  }
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = Math.floor(rest - seconds * 1000);
  const msText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${cachedDayText}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${msText}Z`;
}

/** "YYYY-MM-DDT" of a day counted from 1970-01-01 (days ≥ 0). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}T`;
}

// ---- numbers as traders read them: the one place every view and export formats them ----

/** `1234567.891` → `1,234,567.891`: thousands grouped, with no locale to differ from machine to machine. */
function grouped(text: string): string {
  const dot = text.indexOf(".");
  const whole = dot < 0 ? text : text.slice(0, dot);
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${dot < 0 ? "" : text.slice(dot)}`;
}

/** A price to the instrument's digits: `1.18742` (never `1.18741999999`). */
export function formatPrice(value: number, digits: number): string {
  return formatFixed(value, digits);
}

/** Pips to one decimal: `-6.3`. */
export function formatPips(value: number): string {
  return formatFixed(value, 1);
}

/** Money to cents, thousands grouped for people (`-9,889.47`), or plain for files (`-9889.47`). */
export function formatMoney(value: number, group = true): string {
  const text = formatFixed(value, 2);
  return group ? grouped(text) : text;
}

/** Lots to two decimals (MT5's volume step): `0.10`. */
export function formatLots(value: number): string {
  return formatFixed(value, 2);
}

/** A number to `digits` decimals with thousands grouped: `743,148`, `12.35`. */
export function formatNumber(value: number, digits = 0): string {
  return grouped(formatFixed(value, digits));
}

/** A message as a sentence of its own: its first letter in capitals ("the data…" → "The data…"). */
export function asSentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
