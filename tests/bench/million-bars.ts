import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeMt5Export } from "./mt5-export.ts";

/**
 * The budgets' data (issue 15): a million M1 bars of EURUSD in a cache of their own, imported as
 * a user would with `pipscope import` — whole weeks, so the dates of a config cover them: the
 * bars to the close of the FX week of the millionth.
 */
const MILLION = 1_000_000;
const FROM = Date.UTC(2023, 0, 2);
const DATASET = "eurusd_m1_bench";

export interface MillionBarCache {
  /** The cache (`--data-dir`). */
  dataDir: string;
  /** MA cross 10/30 over the bars, sized so that no margin call stops it early. */
  config: string;
  /** The project's `pipscope` command. */
  bin: string;
  /** Bars in the cache and the run (≥ a million). */
  bars: number;
  /** The dataset's name (the imported file's). */
  dataset: string;
  /** The MT5 export it was imported from (kept: the browser benchmarks import it too). */
  csv: string;
}

const bin = new URL("../../bin/pipscope.mjs", import.meta.url).pathname;
let made: Promise<MillionBarCache> | undefined;

/** The cache, built once per machine in the temp directory and kept across bench runs. */
export function millionBarCache(): Promise<MillionBarCache> {
  made ??= (async () => {
    const root = join(tmpdir(), "pipscope-bench-1m-v2");
    const dataDir = join(root, ".pipscope");
    const config = join(root, "ma-cross-1m.json");
    const csv = join(root, "EURUSD_M1_bench.csv");
    const meta = `${config}.meta`;
    if (existsSync(meta))
      return { dataDir, config, bin, csv, dataset: DATASET, ...JSON.parse(readFileSync(meta, "utf8")) };
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const bars = await writeMt5Export(csv, "bars", MILLION, { from: FROM, toWeekEnd: true });
    process.stderr.write(`  importing ${bars} M1 bars into ${dataDir} (once)…\n`);
    execFileSync(process.execPath, [bin, "import", csv, "--tz", "UTC", "--data-dir", dataDir], { stdio: "ignore" });
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    const day = (line: string) => line.slice(0, 10).replaceAll(".", "-");
    writeFileSync(
      config,
      JSON.stringify({
        session_name: "MA cross 10/30 on a million M1 bars",
        mode: "backtest",
        backtest_config: {
          start_date: day(lines[1]),
          end_date: day(lines[lines.length - 1]),
          initial_balance: 10_000_000,
          leverage: 100,
          sizing: { mode: "fixed", lots: 0.1 },
        },
        session_data_config: {
          symbols: ["EURUSD"],
          streams: ["bars_1m"],
          historical: { bars: 200 },
          datasets: { EURUSD: DATASET },
        },
        strategy: { id: "ma_cross", parameters: { fast: 10, slow: 30, kind: "SMA" } },
      }),
    );
    writeFileSync(meta, JSON.stringify({ bars }));
    return { dataDir, config, bin, csv, dataset: DATASET, bars };
  })();
  return made;
}
