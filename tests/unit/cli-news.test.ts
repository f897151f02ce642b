import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { main } from "../../src/cli/main.ts";

let dir = "";

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: "", stderr: "" };
  stdout.on("data", (c) => (out.stdout += c));
  stderr.on("data", (c) => (out.stderr += c));
  const code = await main(argv, { stdout, stderr, cwd: dir }, COMMANDS);
  return { code, ...out };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-news-"));
  await writeFile(
    join(dir, "week.csv"),
    [
      "Title,Country,Date,Time,Impact,Forecast,Previous",
      "CPI m/m,USD,03-12-2024,8:30am,High,0.4%,0.3%",
      "Bad,EUR,03-12-2024,noon,Low,,",
      "Bank Holiday,JPY,03-20-2024,All Day,Holiday,,",
    ].join("\n"),
  );
  await writeFile(join(dir, "bad.csv"), "Title,Country,Date,Time,Impact\nBad,EUR,03-12-2024,noon,Low\n");
});

describe("pipscope news import", () => {
  it("prints the events as a JSON array and the skipped rows on stderr with line and field", async () => {
    const { code, stdout, stderr } = await cli(["news", "import", "week.csv", "--tz", "America/New_York", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        time: "2024-03-12T12:30:00.000Z",
        all_day: false,
        currency: "USD",
        impact: "High",
        title: "CPI m/m",
        forecast: "0.4%",
        previous: "0.3%",
      },
      {
        time: "2024-03-20T00:00:00.000Z",
        all_day: true,
        currency: "JPY",
        impact: "Holiday",
        title: "Bank Holiday",
        forecast: "",
        previous: "",
      },
    ]);
    expect(stderr).toBe(
      "pipscope: week.csv:3 (field Time): 'noon' is not a time like 9:00pm, 14:30, All Day or Tentative\n" +
        "pipscope: skipped 1 of 3 rows; imported 2\n",
    );
  });

  it("lists events by UTC day without --json", async () => {
    const { stdout } = await cli(["news", "import", "week.csv"]);
    expect(stdout).toBe(
      [
        "2024-03-12 (UTC)",
        "  08:30   USD  High    CPI m/m  (forecast 0.4%, previous 0.3%)",
        "",
        "2024-03-20 (UTC)",
        "  all day JPY  Holiday Bank Holiday",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 when no row could be read, or the file, zone or arguments are wrong", async () => {
    expect((await cli(["news", "import", "bad.csv", "--json"])).code).toBe(2);
    const missing = await cli(["news", "import", "nope.csv"]);
    expect([missing.code, missing.stderr]).toEqual([2, "pipscope: nope.csv: cannot read nope.csv: no such file\n"]);
    const zone = await cli(["news", "import", "week.csv", "--tz", "Eastern"]);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain("'Eastern' is not an IANA time zone");
    expect((await cli(["news", "import"])).stderr).toContain("expected one calendar file");
  });
});
