import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogFields, Logger } from "../../../relay/log.ts";
import { throttleLog } from "../../../relay/log-throttle.ts";

/** A logger that keeps `level event fields` of each line. */
function keep() {
  const lines: { level: string; event: string; fields?: LogFields }[] = [];
  const at =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      lines.push({ level, event, fields });
    };
  const log: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { log, lines };
}

describe("throttleLog", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["performance", "setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the first lines of an event each second and then one line counting the rest", () => {
    const { log, lines } = keep();
    const throttled = throttleLog(log, 3);
    for (let i = 0; i < 1000; i++) throttled.warn("bad_frame", { i });
    throttled.info("client_open", { client: 1 }); // another event has its own allowance
    expect(lines.map((l) => l.fields?.i ?? l.event)).toEqual([0, 1, 2, "client_open"]);
    vi.advanceTimersByTime(1000);
    expect(lines.at(-1)).toEqual({
      level: "warn",
      event: "bad_frame",
      fields: { suppressed: 997, msg: "997 more bad_frame lines in one second were not written" },
    });
    throttled.warn("bad_frame", { i: 1000 });
    expect(lines.at(-1)?.fields).toEqual({ i: 1000 });
    expect(lines).toHaveLength(6);
  });

  it("gives the count the level of the most severe line it left out", () => {
    const { log, lines } = keep();
    const throttled = throttleLog(log, 1);
    throttled.warn("bad_frame", { i: 0 });
    throttled.error("bad_frame", { i: 1 });
    throttled.warn("bad_frame", { i: 2 });
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines.map((l) => [l.level, l.fields?.i ?? l.fields?.suppressed])).toEqual([
      ["warn", 0],
      ["error", 2],
    ]);
  });

  it("writes nothing more when nothing was left out", () => {
    const { log, lines } = keep();
    const throttled = throttleLog(log, 10);
    for (let i = 0; i < 10; i++) throttled.warn("bad_frame", { i });
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(10);
  });
});
