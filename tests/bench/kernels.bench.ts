/**
 * `npm run bench kernels`: every wasm kernel against its TypeScript twin, in Node and in
 * Chromium (Debian's, driven by Playwright, the suite served by a Vite dev server), on the same
 * data in the same run. Budgets (issue 7): windowed indicators and the simulator ≥ 1.5× their
 * twins; the simulator ≥ 50M bars/s on one core. Kernels without a budget are reported, and
 * WASM_WINS (src/core/kernels/kernels.ts) keeps the twin wherever wasm does not win.
 * `indicators.*` measure what strategies call (core/kernels/indicators.ts: Float64Arrays in and
 * out, so a copy each way); each one INDICATORS_IN_WASM runs in wasm must beat its twin (≥ 1×).
 * Node's figures are per second of this process's CPU time, Chromium's per second of wall time.
 */
import { readFile } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { createServer } from "vite";
import { crossOriginIsolation } from "../../scripts/headers.ts";
import { INDICATORS_IN_WASM, type IndicatorName } from "../../src/core/kernels/index.ts";
import { buildKernels } from "../../wasm/build.mjs";
import { chromiumLaunchOptions } from "../e2e/chromium.ts";
import type { Benchmark, Budget } from "./harness.ts";
import type { KernelFigure } from "./kernels-suite.ts";

/** Kernels the issue holds to ≥ 1.5× their twin: the windowed indicators and the simulator. */
const MUST_WIN = new Set(["sma", "wma", "rollingStdev", "bollinger", "rollingMax", "rollingMin", "simulate"]);
const KERNELS = [
  "sma",
  "wma",
  "rollingStdev",
  "bollinger",
  "rollingMax",
  "rollingMin",
  "ema",
  "rsi",
  "atr",
  "crossovers",
  "applySessionMask",
  "simulate",
  "sma.copyInOut",
  ...Object.keys(INDICATORS_IN_WASM).map((name) => `indicators.${name}`),
];
/** Port of the Vite server that hands the suite to Chromium (this area's e2e port). */
const PORT = 4174;

type Runtime = "node" | "chromium";
const figures = new Map<Runtime, Promise<KernelFigure[]>>();

/** Measures every kernel once per runtime (the first benchmark of that runtime pays for all). */
function figuresIn(runtime: Runtime): Promise<KernelFigure[]> {
  let pending = figures.get(runtime);
  if (!pending) {
    pending = runtime === "node" ? measureInNode() : measureInChromium();
    figures.set(runtime, pending);
  }
  return pending;
}

async function measureInNode(): Promise<KernelFigure[]> {
  const { measureKernels } = await import("./kernels-suite.ts");
  // CPU time of this process: on the shared machine, wall time counts the other engineers' work.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  return measureKernels(await readFile(await buildKernels()), undefined, undefined, cpuMs);
}

async function measureInChromium(): Promise<KernelFigure[]> {
  await buildKernels();
  const root = new URL("../../", import.meta.url).pathname;
  const server = await createServer({
    configFile: false,
    root,
    logLevel: "error",
    // Cross-origin isolated, so performance.now() ticks in 5 µs rather than 100 µs.
    server: { host: "127.0.0.1", port: PORT, strictPort: true, hmr: false, headers: crossOriginIsolation },
    // The suite imports no dependency: skip the app-wide dependency scan.
    optimizeDeps: { noDiscovery: true, entries: [] },
  });
  await server.listen();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    // Any page of the server's origin will do: the suite is imported as a module into it.
    await page.goto(`http://127.0.0.1:${PORT}/tests/bench/kernels-suite.ts`);
    return await page.evaluate(async () => {
      const suite = "/tests/bench/kernels-suite.ts";
      const { measureKernels } = (await import(suite)) as typeof import("./kernels-suite.ts");
      const bytes = await (await fetch("/wasm/build/kernels.wasm")).arrayBuffer();
      return measureKernels(bytes);
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

function kernelBenchmark(runtime: Runtime, kernel: string): Benchmark {
  const indicator = kernel.startsWith("indicators.") ? (kernel.slice(11) as IndicatorName) : undefined;
  const budget: Budget | undefined = MUST_WIN.has(kernel)
    ? { on: "ratio", op: ">=", limit: 1.5 }
    : indicator && INDICATORS_IN_WASM[indicator]
      ? { on: "ratio", op: ">=", limit: 1 }
      : undefined;
  return {
    name: `kernels.${runtime}.${kernel}`,
    budget,
    async run() {
      const figure = (await figuresIn(runtime)).find((f) => f.kernel === kernel);
      if (!figure) throw new Error(`no figure for kernel ${kernel}`);
      return { value: figure.wasm, unit: "M values/s", baseline: { name: "twin", value: figure.twin } };
    },
  };
}

function simulatorThroughput(runtime: Runtime): Benchmark {
  return {
    name: `kernels.${runtime}.simulate.throughput`,
    budget: { on: "value", op: ">=", limit: 50 },
    async run() {
      const figure = (await figuresIn(runtime)).find((f) => f.kernel === "simulate");
      if (!figure) throw new Error("no figure for the simulator");
      return { value: figure.wasm, unit: "M bars/s" };
    },
  };
}

const runtimes: Runtime[] = ["node", "chromium"];
export default runtimes.flatMap((runtime) => [
  ...KERNELS.map((kernel) => kernelBenchmark(runtime, kernel)),
  simulatorThroughput(runtime),
]) satisfies Benchmark[];
