import { fxRollovers, sessionColumns } from "../time/index.ts";
import type { RunCalendar } from "./prepare.ts";

/** Sessions (default schedule, DST-correct) and FX rollovers (17:00 New York, triple Wednesday). */
export const FX_RUN_CALENDAR: RunCalendar = {
  sessions: (time) => sessionColumns(time),
  rollovers: fxRollovers,
};
