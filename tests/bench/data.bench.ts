/**
 * Market data (issue 5 §6, §11), Node, each a median of several runs:
 * - Query: one year of EURUSD M1 (2025, ~372k bars of the synthetic sample) from the Parquet
 *   cache to typed arrays, as the engine asks for it. Budget ≤ 150 ms in Node, ≤ 300 ms in
 *   Chromium (the built app's data worker over OPFS, driven by Playwright).
 * - Import: an MT5 Bars export (1M rows) and an MT5 Ticks export (2M rows) from disk into a fresh
 *   cache, parse + quality + Parquet + catalog; rows/s. Budgets ≥ 500k and ≥ 300k rows/s.
 *   Baseline: reading the same file and finding its line ends — the floor any importer pays.
 * - Memory: peak RSS of a fresh process importing 5M ticks (a ~300 MB file). Budget < 500 MB.
 * The files are synthetic data written as MT5 exports once per run of the suite, in a temp dir.
 * The `.cpu` twins quote the same runs per CPU second of this process (DuckDB-WASM runs on its
 * thread): on a shared machine the wall clock also counts other processes' turns, CPU time not.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { DEFAULT_SAMPLE, syntheticBars, syntheticTicks } from "../../src/core/data/synthetic.ts";
import { MS_PER_DAY } from "../../src/core/units.ts";
import { MarketStore } from "../../src/store/market-store.ts";
import { openNodeHost } from "../../src/store/node-host.ts";
import { nodeFileSource } from "../../src/store/node-source.ts";
import { chromiumLaunchOptions } from "../e2e/chromium.ts";
import { type Benchmark, type Measurement, median } from "./harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BAR_ROWS = 1_000_000;
const TICK_ROWS = 2_000_000;
const RSS_TICK_ROWS = 5_000_000;
const RUNS = 5;

/** `2025.06.23\t00:00:00.530` (milliseconds only when asked), UTC. */
function mt5Time(ms: number, millis: boolean): string {
  const iso = new Date(ms).toISOString(); // 2025-06-23T00:00:00.530Z
  const date = `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)}`;
  return `${date}\t${iso.slice(11, millis ? 23 : 19)}`;
}

/**
 * Writes `rows` synthetic rows of EURUSD from 2025-01-01 as an MT5 export (bars or ticks), LF,
 * UTF-8, with the header; generated a week at a time so the writer's memory stays small.
 */
async function writeMt5Export(path: string, kind: "bars" | "ticks", rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(
    kind === "bars"
      ? "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n"
      : "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n",
  );
  let written = 0;
  for (let from = Date.UTC(2025, 0, 1); written < rows; from += 7 * MS_PER_DAY) {
    const lines: string[] = [];
    if (kind === "bars") {
      const b = syntheticBars("EURUSD", from, from + 7 * MS_PER_DAY);
      for (let i = 0; i < b.length && written < rows; i++, written++) {
        const prices = [b.open[i], b.high[i], b.low[i], b.close[i]].map((p) => p.toFixed(5)).join("\t");
        lines.push(`${mt5Time(b.time[i], false)}\t${prices}\t${b.tickVolume[i]}\t0\t${b.spread[i]}`);
      }
    } else {
      const t = syntheticTicks("EURUSD", from, from + 7 * MS_PER_DAY);
      for (let i = 0; i < t.length && written < rows; i++, written++) {
        lines.push(`${mt5Time(t.time[i], true)}\t${t.bid[i].toFixed(5)}\t${t.ask[i].toFixed(5)}\t\t\t${t.flags[i]}`);
      }
    }
    if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return written;
}

/** Wall-clock and CPU ms of one measured piece of work. */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Times `work` by the wall clock and by this process's CPU time (DuckDB-WASM runs on this thread). */
async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** Imports a file into a fresh cache and times the import (opening the cache excluded). */
async function importOnce(path: string): Promise<Timing> {
  const dir = await mkdtemp(join(tmpdir(), "pipscope-bench-cache-"));
  try {
    const store = await MarketStore.open(await openNodeHost(dir));
    const source = await nodeFileSource(path);
    const timing = await timed(() => store.importFile(source, { tz: "UTC", symbol: "EURUSD" }));
    await source.close();
    return timing;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a file whole and counts its line ends: the floor of any import of it (ms). */
async function scanOnce(path: string): Promise<number> {
  const started = performance.now();
  const bytes = await readFile(path);
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  if (lines === 0) throw new Error(`${path} has no lines`);
  return performance.now() - started;
}

const rates = new Map<string, Promise<{ wall: Measurement; cpu: Measurement }>>();
/**
 * Median rows/s of importing `path` by the wall clock (with the scan's rows/s as the baseline),
 * and per CPU second — the figure that does not move when other processes share the machine.
 * Measured once per file for both benchmarks that quote it.
 */
function importRates(path: string, rows: number) {
  let measured = rates.get(path);
  if (!measured) {
    measured = (async () => {
      const runs: Timing[] = [];
      const scans: number[] = [];
      await importOnce(path); // warm-up: DuckDB compiled, file in the page cache
      for (let i = 0; i < RUNS; i++) {
        runs.push(await importOnce(path));
        scans.push(await scanOnce(path));
      }
      const perSecond = (ms: number) => rows / (ms / 1000);
      return {
        wall: {
          value: perSecond(median(runs.map((r) => r.wallMs))),
          unit: "rows/s",
          baseline: { name: "read + find line ends", value: perSecond(median(scans)) },
        },
        cpu: { value: perSecond(median(runs.map((r) => r.cpuMs))), unit: "rows/cpu-s" },
      };
    })();
    rates.set(path, measured);
  }
  return measured;
}

/**
 * Run in a child process by the RSS benchmark: imports one file into a fresh cache and prints
 * the process's peak resident set size in bytes.
 */
export async function importAndReportRss(path: string): Promise<void> {
  await importOnce(path);
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

async function peakRssImporting(path: string): Promise<number> {
  const script = `import(${JSON.stringify(new URL(import.meta.url).href)}).then((m) => m.importAndReportRss(${JSON.stringify(path)}))`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (piece: Buffer) => {
    output += piece.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the RSS import exited with ${code}`);
  return (JSON.parse(output.trim()) as { maxRssBytes: number }).maxRssBytes;
}

let files: Promise<{ dir: string; bars: string; ticks: string; bigTicks: string }> | undefined;
/** The three exports, written once for the benchmarks that need them. */
function exports() {
  files ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipscope-bench-files-"));
    const paths = {
      dir,
      bars: join(dir, "EURUSD_M1.csv"),
      ticks: join(dir, "EURUSD_ticks.csv"),
      bigTicks: join(dir, "EURUSD_ticks_5M.csv"),
    };
    await writeMt5Export(paths.bars, "bars", BAR_ROWS);
    await writeMt5Export(paths.ticks, "ticks", TICK_ROWS);
    await writeMt5Export(paths.bigTicks, "ticks", RSS_TICK_ROWS);
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return paths;
  })();
  return files;
}

let reads: Promise<{ wall: Measurement; cpu: Measurement }> | undefined;
/** Reads one year of EURUSD M1 (2025) from a fresh cache holding the default sample: median ms. */
function yearOfM1() {
  reads ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipscope-bench-sample-"));
    try {
      const store = await MarketStore.open(await openNodeHost(dir));
      await store.createSample();
      const from = Date.UTC(2025, 0, 1);
      const to = Date.UTC(2026, 0, 1);
      if (from < DEFAULT_SAMPLE.bars.from || to > DEFAULT_SAMPLE.bars.to) throw new Error("2025 is not in the sample");
      const runs: Timing[] = [];
      let rows = 0;
      for (let i = 0; i < 2 + 9; i++) {
        const timing = await timed(async () => {
          rows = (await store.bars("EURUSD", "M1", from, to)).rows.length;
        });
        if (i >= 2) runs.push(timing);
      }
      if (rows < 360_000) throw new Error(`one year of M1 should be ~372k bars, got ${rows}`);
      return {
        wall: { value: median(runs.map((r) => r.wallMs)), unit: "ms" },
        cpu: { value: median(runs.map((r) => r.cpuMs)), unit: "cpu-ms" },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return reads;
}

/** Whichever free port the OS gives. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs in the page: starts a second instance of the app's data worker, asks it 2 + 9 times for
 * EURUSD M1 of 2025 with comlink's wire messages (APPLY "bars"), returns the last 9 times in ms.
 */
const READ_IN_PAGE = `async function (url) {
  const worker = new Worker(url, { type: "module" });
  let next = 0;
  function call(name, args) {
    return new Promise(function (resolve, reject) {
      const id = "bench-" + next++;
      function onMessage(event) {
        if (!event.data || event.data.id !== id) return;
        worker.removeEventListener("message", onMessage);
        if (event.data.type === "RAW") resolve(event.data.value);
        else reject(new Error(JSON.stringify(event.data)));
      }
      worker.addEventListener("message", onMessage);
      worker.postMessage({ id, type: "APPLY", path: [name], argumentList: args.map(function (value) { return { type: "RAW", value }; }) });
    });
  }
  const times = [];
  for (let i = 0; i < 2 + 9; i++) {
    const started = performance.now();
    const loaded = await call("bars", ["EURUSD", "M1", Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1), 0]);
    const elapsed = performance.now() - started;
    if (loaded.rows.length < 360000) throw new Error("expected ~372k bars, got " + loaded.rows.length);
    if (i >= 2) times.push(elapsed);
  }
  worker.terminate();
  return times;
}`;

/**
 * The same read in Chromium: the built app (PIPSCOPE_DIST, default dist/; built first if absent)
 * served by `vite preview`, its first start creating the sample in OPFS, then a second instance
 * of the app's data worker asked for the year through comlink's wire protocol (the page holds no
 * handle to the app's own worker). Timed in the page: request → columns transferred back.
 */
async function yearOfM1InChromium(): Promise<number> {
  const dist = join(ROOT, process.env.PIPSCOPE_DIST ?? "dist");
  if (!existsSync(join(dist, "index.html"))) {
    const build = spawn("npx", ["vite", "build", "--outDir", dist], { cwd: ROOT, stdio: "inherit" });
    const [code] = (await once(build, "exit")) as [number | null];
    if (code !== 0) throw new Error(`vite build exited with ${code}`);
  }
  const worker = readdirSync(join(dist, "assets")).find((f) => /^data\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error(`no data worker in ${dist}/assets`);
  const port = await freePort();
  const server = spawn("npx", ["vite", "preview", "--strictPort", "--port", String(port), "--outDir", dist], {
    cwd: ROOT,
    stdio: "ignore",
    detached: true,
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    for (let tries = 0; ; tries++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/#/data`);
        break;
      } catch (error) {
        if (tries > 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await page.waitForSelector('[data-sample-state="done"]', { timeout: 300_000 });
    // Plain JS (a string), so the TypeScript transform adds no helpers the page does not have.
    const samples = (await page.evaluate(`(${READ_IN_PAGE})(${JSON.stringify(`/assets/${worker}`)})`)) as number[];
    return median(samples);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
}

const benchmarks: Benchmark[] = [
  {
    name: "data.query.m1-year-node",
    budget: { on: "value", op: "<=", limit: 150 },
    async run() {
      return (await yearOfM1()).wall;
    },
  },
  {
    name: "data.query.m1-year-node.cpu",
    async run() {
      return (await yearOfM1()).cpu;
    },
  },
  {
    name: "data.query.m1-year-chromium",
    budget: { on: "value", op: "<=", limit: 300 },
    async run() {
      return { value: await yearOfM1InChromium(), unit: "ms" };
    },
  },
  {
    name: "data.import.mt5-bars",
    budget: { on: "value", op: ">=", limit: 500_000 },
    async run() {
      return (await importRates((await exports()).bars, BAR_ROWS)).wall;
    },
  },
  {
    name: "data.import.mt5-bars.cpu",
    async run() {
      return (await importRates((await exports()).bars, BAR_ROWS)).cpu;
    },
  },
  {
    name: "data.import.mt5-ticks",
    budget: { on: "value", op: ">=", limit: 300_000 },
    async run() {
      return (await importRates((await exports()).ticks, TICK_ROWS)).wall;
    },
  },
  {
    name: "data.import.mt5-ticks.cpu",
    async run() {
      return (await importRates((await exports()).ticks, TICK_ROWS)).cpu;
    },
  },
  {
    name: "data.import.ticks-5m-peak-rss",
    budget: { on: "value", op: "<=", limit: 500 },
    async run() {
      const path = (await exports()).bigTicks;
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) samples.push((await peakRssImporting(path)) / 2 ** 20);
      return { value: median(samples), unit: "MB" };
    },
  },
];

export default benchmarks;
