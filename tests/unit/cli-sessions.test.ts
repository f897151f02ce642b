import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { main } from "../../src/cli/main.ts";

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: "", stderr: "" };
  stdout.on("data", (c) => (out.stdout += c));
  stderr.on("data", (c) => (out.stderr += c));
  const code = await main(argv, { stdout, stderr, cwd: process.cwd() }, COMMANDS);
  return { code, ...out };
}

describe("pipscope sessions", () => {
  it("prints the issue's example instant as one exact JSON object", async () => {
    const { code, stdout } = await cli(["sessions", "--at", "2024-03-12T12:30:00Z", "--json"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `${JSON.stringify({
        utc: "2024-03-12T12:30:00.000Z",
        active: ["LONDON", "NEW_YORK"],
        primary: "OVERLAP_LONDON_NY",
        closes_in_minutes: 210,
        next: { session: "SYDNEY", opens_at: "2024-03-12T20:00:00.000Z", minutes_until: 450 },
        markets: { FX: "open", US_EQUITY: "pre_market" },
      })}\n`,
    );
  });

  it("prints one line per step over a range, both ends included, across the Friday close", async () => {
    const { code, stdout } = await cli([
      "sessions",
      "--from",
      "2024-03-15T20:30:00Z",
      "--to",
      "2024-03-15T21:30:00Z",
      "--step",
      "30m",
      "--json",
    ]);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.utc, l.primary, l.closes_in_minutes, l.markets.FX, l.markets.US_EQUITY])).toEqual([
      ["2024-03-15T20:30:00.000Z", "NEW_YORK", 30, "open", "post_market"],
      ["2024-03-15T21:00:00.000Z", "CLOSED", null, "closed", "post_market"],
      ["2024-03-15T21:30:00.000Z", "CLOSED", null, "closed", "post_market"],
    ]);
    expect(lines[1].next).toEqual({ session: "SYDNEY", opens_at: "2024-03-17T21:00:00.000Z", minutes_until: 2880 });
  });

  it("accepts an instant with an offset", async () => {
    const { stdout } = await cli(["sessions", "--at", "2024-03-12T08:30-04:00", "--json"]);
    expect(JSON.parse(stdout).utc).toBe("2024-03-12T12:30:00.000Z");
  });

  it("prints a readable summary without --json", async () => {
    const { code, stdout } = await cli(["sessions", "--at", "2024-03-12T12:30:00Z"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "UTC        2024-03-12 12:30:00",
        "Active     LONDON, NEW_YORK",
        "Primary    OVERLAP_LONDON_NY, closes in 3h 30m",
        "Next       SYDNEY opens in 7h 30m (2024-03-12 20:00 UTC)",
        "FX         open",
        "US_EQUITY  pre_market",
        "",
      ].join("\n"),
    );
  });

  it("prints a table for a range without --json", async () => {
    const { stdout } = await cli([
      "sessions",
      "--from",
      "2024-03-09T12:00:00Z",
      "--to",
      "2024-03-09T13:00:00Z",
      "--step",
      "1h",
    ]);
    expect(stdout.split("\n")[0]).toBe(
      "UTC                   PRIMARY  ACTIVE  CLOSES IN  NEXT OPEN        FX      US_EQUITY",
    );
    expect(stdout.split("\n")[1]).toBe(
      "2024-03-09 12:00 UTC  CLOSED   -       -          SYDNEY in 1d 9h  closed  closed",
    );
  });

  it("uses the current time without --at", async () => {
    const before = Date.now();
    const { stdout } = await cli(["sessions", "--json"]);
    const utc = Date.parse(JSON.parse(stdout).utc);
    expect(utc).toBeGreaterThanOrEqual(before);
    expect(utc).toBeLessThanOrEqual(Date.now());
  });

  it("exits 2 naming the problem for a bad instant, step, range or option", async () => {
    const cases: [string[], string][] = [
      [["--at", "2024-03-12"], "--at '2024-03-12' is not an instant"],
      [["--from", "2024-03-12T00:00Z", "--to", "2024-03-13T00:00Z", "--step", "15x"], "--step '15x' is not a duration"],
      [["--from", "2024-03-13T00:00Z", "--to", "2024-03-12T00:00Z"], "is before --from"],
      [["--from", "2024-03-13T00:00Z"], "--from and --to go together"],
      [["--at", "2024-03-13T00:00Z", "--from", "2024-03-13T00:00Z", "--to", "2024-03-13T00:00Z"], "not both"],
      [["--from", "2020-01-01T00:00Z", "--to", "2024-01-01T00:00Z", "--step", "1m"], "more than 100000 lines"],
      [["--bogus"], "Unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = await cli(["sessions", ...args]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(message);
    }
  });
});
