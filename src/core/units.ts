/**
 * Units in the type, in the style of lightweight-charts' `Nominal`. The brand is optional, so a
 * plain number (a literal, a Float64Array element) is accepted, but two different units do not
 * mix: passing `Pips` where `UtcMs` is expected is a type error.
 */
export type Unit<Name extends string> = number & { readonly __unit?: Name };

/** An instant: milliseconds since 1970-01-01T00:00:00Z. Every instant inside Pipscope is one. */
export type UtcMs = Unit<"UtcMs">;
/** A duration in milliseconds. */
export type Millis = Unit<"Millis">;
/** An index into a bar or tick column. */
export type BarIndex = Unit<"BarIndex">;
/** A price distance in pips (instrument's pip size, e.g. 0.0001 for EURUSD, 0.01 for USDJPY). */
export type Pips = Unit<"Pips">;
/** A price distance in points (the instrument's smallest price step, e.g. 0.00001 for EURUSD). */
export type Points = Unit<"Points">;
/** An amount of money in the account currency. */
export type Money = Unit<"Money">;
/** A trade size in lots (1 lot = the instrument's contract size). */
export type Lots = Unit<"Lots">;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
