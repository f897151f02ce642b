import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reopen } from "../store/helpers.ts";
import { killStarted, pipscope, start, writeMt5Bars } from "./processes.ts";

const JAN_2020 = Date.UTC(2020, 0, 1);
const SYMBOLS = ["EURUSD", "GBPUSD", "AUDUSD", "NZDUSD"];
const ROWS_EACH = 150_000;
/** Enough rows that an import writes files for a few seconds (three chunks of 500k). */
const BIG_ROWS = 1_200_000;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "pipscope-concurrency-"));
  for (const [i, symbol] of SYMBOLS.entries())
    await writeMt5Bars(join(work, `${symbol}.csv`), ROWS_EACH, JAN_2020, 1 + i / 10);
  await writeMt5Bars(join(work, "big.csv"), BIG_ROWS, JAN_2020);
  await writeMt5Bars(join(work, "seed.csv"), 1_000, Date.UTC(2019, 0, 1));
});
afterAll(() => rm(work, { recursive: true, force: true }));
afterEach(killStarted);

/** The files under the data directory and the files the stored catalog names (read directly: opening a store would tidy up). */
async function filesAndCatalog(dir: string) {
  const data = join(dir, "data");
  const files = (await readdir(data, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(data, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  const catalog = JSON.parse(await readFile(join(dir, "catalog.json"), "utf8")) as {
    datasets: { id: string; rows: number; partitions: { path: string }[] }[];
  };
  const named = catalog.datasets.flatMap((d) => d.partitions.flatMap((p) => [p.path, `${p.path}.cols`])).sort();
  return { files, named, datasets: Object.fromEntries(catalog.datasets.map((d) => [d.id, d.rows])) };
}

/** A data directory holding one small import, so commands do not create the sample first. */
async function seeded(): Promise<string> {
  const dir = await mkdtemp(join(work, "cache-"));
  const seed = await pipscope([
    "import",
    join(work, "seed.csv"),
    "--symbol",
    "USDCHF",
    "--tz",
    "UTC",
    "--data-dir",
    dir,
  ]);
  expect(seed.code, seed.stderr).toBe(0);
  return dir;
}

describe("one writer per cache (issue 17)", () => {
  it("four imports of different symbols started together all land, every row readable", async () => {
    const dir = await mkdtemp(join(work, "cache-"));
    const runs = SYMBOLS.map((symbol) =>
      start([
        "bin/pipscope.mjs",
        "import",
        join(work, `${symbol}.csv`),
        "--symbol",
        symbol,
        "--tz",
        "UTC",
        "--data-dir",
        dir,
      ]),
    );
    const ends = await Promise.all(runs.map((r) => r.exited));
    for (const [i, end] of ends.entries()) expect(end.code, runs[i].stderr()).toBe(0);
    const { files, named, datasets } = await filesAndCatalog(dir);
    expect(datasets).toEqual(Object.fromEntries(SYMBOLS.map((s) => [`${s}/bars/M1/${s.toLowerCase()}`, ROWS_EACH])));
    expect(files).toEqual(named);
    const store = await reopen(dir);
    for (const symbol of SYMBOLS) {
      const { rows } = await store.bars(symbol, "M1", JAN_2020, JAN_2020 + ROWS_EACH * 60_000, 0, symbol.toLowerCase());
      expect(rows.length).toBe(ROWS_EACH);
    }
    // They overlapped: the later ones said they waited for the one writing.
    expect(runs.some((r) => /waiting for process \d+ \(pipscope import/.test(r.stderr()))).toBe(true);
  }, 90_000);

  it("`data list` during an import reads the catalog, deletes nothing, and the import completes", async () => {
    const dir = await seeded();
    const importing = start([
      "bin/pipscope.mjs",
      "import",
      join(work, "big.csv"),
      "--symbol",
      "EURUSD",
      "--tz",
      "UTC",
      "--data-dir",
      dir,
    ]);
    await importing.printed(/importing big\.csv +\d+%/);
    const list = await pipscope(["data", "list", "--json", "--data-dir", dir]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((d) => d.id)).toEqual(["USDCHF/bars/M1/seed"]);
    const end = await importing.exited;
    expect(end.code, importing.stderr()).toBe(0);
    const { files, named, datasets } = await filesAndCatalog(dir);
    expect(datasets).toEqual({ "USDCHF/bars/M1/seed": 1_000, "EURUSD/bars/M1/big": BIG_ROWS });
    expect(files).toEqual(named);
  }, 90_000);

  it("after a SIGKILL while an import holds the lock, the next command takes over at once and says so", async () => {
    const dir = await seeded();
    const before = await filesAndCatalog(dir);
    const killed = start([
      "bin/pipscope.mjs",
      "import",
      join(work, "big.csv"),
      "--symbol",
      "EURUSD",
      "--tz",
      "UTC",
      "--data-dir",
      dir,
    ]);
    await killed.printed(/importing big\.csv +[5-9]\d%/); // past its first chunk: files written, not committed
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");
    // The killed import left partitions its catalog never named.
    expect((await filesAndCatalog(dir)).files.length).toBeGreaterThan(before.files.length);

    const next = await pipscope(["data", "list", "--json", "--data-dir", dir]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(
      /process \d+ \(pipscope import .*big\.csv.*\) ended without releasing the write lock of .* \(crashed or killed\): taking it over/,
    );
    expect(next.ms).toBeLessThan(10_000); // the whole command, start-up included: no stale-lock timeout
    expect(await filesAndCatalog(dir)).toEqual(before); // its half-written files are gone, the seed intact

    const again = await pipscope([
      "import",
      join(work, "seed.csv"),
      "--symbol",
      "USDCHF",
      "--tz",
      "UTC",
      "--skip",
      "--data-dir",
      dir,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/ended without releasing/); // said once, by the command that took over
  }, 90_000);
});
