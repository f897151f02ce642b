import { describe, expect, it } from "vitest";
import type { SessionColumns } from "../../../src/core/engine/context.ts";
import { bars, logLines, run, script } from "./fixtures.ts";

// Bars 0–1 in no session, 2–3 in LONDON (bit 2), 4 in LONDON and NEW_YORK.
const SESSIONS: SessionColumns = {
  ids: ["SYDNEY", "ASIAN", "LONDON", "NEW_YORK"],
  mask: Uint8Array.from([0, 0, 4, 4, 12, 0]),
  primary: Uint8Array.from([0, 0, 1, 1, 2, 0]),
  labels: ["CLOSED", "LONDON", "OVERLAP_LONDON_NY"],
};
const flat = bars(Array.from({ length: 6 }, () => [1.1, 1.1, 1.1, 1.1] as [number, number, number, number]));

describe("sessions in a run", () => {
  it("a sessions filter skips entries outside them and says why", async () => {
    const { trades, host } = await run(flat, script({ 1: (ctx) => ctx.buy(), 3: (ctx) => ctx.buy() }), {
      sessions: SESSIONS,
      sessionsFilter: ["LONDON"],
    });
    expect(trades.map((t) => [t.entryIndex, t.session])).toEqual([[4, "OVERLAP_LONDON_NY"]]);
    expect(logLines(host)).toContain("entry skipped: outside sessions LONDON");
  });

  it("logs the opening and closing of sessions the strategy asks about, and labels trades", async () => {
    const { host } = await run(flat, { onBar: (ctx) => void ctx.inSession("NEW_YORK") }, { sessions: SESSIONS });
    const lines = logLines(host).filter((l) => l.startsWith("session "));
    expect(lines).toEqual(["session NEW_YORK opened", "session NEW_YORK closed"]);
  });

  it("an unknown session id is a clear error", async () => {
    await expect(run(flat, { onBar: (ctx) => void ctx.inSession("TOKYO") }, { sessions: SESSIONS })).rejects.toThrow(
      "unknown session 'TOKYO': one of SYDNEY, ASIAN, LONDON, NEW_YORK",
    );
  });
});
