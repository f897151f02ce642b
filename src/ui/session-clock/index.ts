export { type BandRun, type DayBand, dayBand } from "./day-band.ts";
export { SessionClock } from "./session-clock.tsx";
export { browserZone, countdown, hourMinute, wallClock } from "./zoned.ts";
