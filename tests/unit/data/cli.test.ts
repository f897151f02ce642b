import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/cli/commands.ts";
import { main } from "../../../src/cli/main.ts";

function capture() {
  let text = "";
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    text: () => text,
  };
}

async function run(cwd: string, ...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, cwd }, COMMANDS);
  return { code, stdout: out.text(), stderr: err.text() };
}

const BARS = [
  "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
  "2024.01.02\t10:00:00\t1.1\t1.1005\t1.0995\t1.1002\t10\t0\t5",
  "2024.01.02\t10:01:00\t1.1002\t1.1006\t1.1\t1.1004\t12\t0\t6",
].join("\n");

describe("pipscope import and data", () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "pipscope-cli-"));
    await writeFile(join(cwd, "EURUSD_M1.txt"), `${BARS}\n`);
    await writeFile(join(cwd, "EURUSD_M1_bad.txt"), `${BARS}\n2024.01.02\t10:02:00\t1.1\tnope\t1.0\t1.1\t1\t0\t1\n`);
  });

  it("imports a file, says what it recognised and where the rows went", async () => {
    const result = await run(cwd, "import", "EURUSD_M1.txt", "--tz", "+02:00");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("recognised MT5 Bars export (tab-separated, with header), times in +02:00");
    expect(result.stdout).toContain("imported 2 rows into EURUSD/bars/M1/eurusd_m1");
  });

  it("exits 2 naming the file, line and field of bad input", async () => {
    const result = await run(cwd, "import", "EURUSD_M1_bad.txt", "--tz", "UTC");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("pipscope: EURUSD_M1_bad.txt:4:4 (field high): high 'nope' is not a number\n");
  });

  it("exits 2 for an unknown format or timeframe", async () => {
    expect((await run(cwd, "import", "EURUSD_M1.txt", "--format", "xls")).stderr).toContain("is not one of mt5-bars");
    expect((await run(cwd, "import", "EURUSD_M1.txt", "--timeframe", "M2")).code).toBe(2);
  });

  it("lists datasets as JSON with ISO UTC times and quality", async () => {
    const result = await run(cwd, "data", "list", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        id: "EURUSD/bars/M1/eurusd_m1",
        name: "eurusd_m1",
        symbol: "EURUSD",
        kind: "bars",
        timeframe: "M1",
        rows: 2,
        first: "2024-01-02T08:00:00Z",
        last: "2024-01-02T08:01:00Z",
        quality: 100,
        synthetic: false,
        sources: ["EURUSD_M1.txt"],
        bytes: expect.any(Number),
      },
    ]);
  });

  it("prints the quality report as JSON", async () => {
    const result = await run(cwd, "data", "quality", "eurusd", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: "EURUSD/bars/M1/eurusd_m1",
      score: 100,
      rowsStored: 2,
      gaps: { count: 0 },
    });
  });

  it("says which symbols are cached when asked about another", async () => {
    const result = await run(cwd, "data", "quality", "USDJPY");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no data of USDJPY cached");
  });

  it("lists import and the data subcommands in help", async () => {
    expect((await run(cwd, "help")).stdout).toMatch(/import +Import bars or ticks/);
    const help = await run(cwd, "help", "data");
    for (const sub of ["list", "quality", "sample", "import", "delete"])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${sub} `));
  });
});
