import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One finished process as a user meets it: wall time, peak memory, when it first said something. */
export interface ProcessRun {
  wallMs: number;
  /** Peak resident memory of the process (GNU time's maximum RSS), MB. */
  peakRssMb: number;
  /** From the start to the first byte on stdout or stderr, ms (NaN if it printed nothing). */
  firstOutputMs: number;
  stdout: string;
  code: number | null;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs `command` as a fresh process, timed from outside: the wall clock around it, the peak RSS
 * from GNU time (Debian's `time` package) and the first byte of output. Stdout is kept.
 */
export async function runProcess(command: string, args: string[], cwd: string): Promise<ProcessRun> {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: install Debian's 'time' package`);
  const report = join(tmpdir(), `pipscope-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const child = spawn(GNU_TIME, ["-f", "%M", "-o", report, command, ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let firstOutputMs = Number.NaN;
  let stdout = "";
  const heard = () => {
    if (Number.isNaN(firstOutputMs)) firstOutputMs = performance.now() - started;
  };
  child.stdout.on("data", (piece: Buffer) => {
    heard();
    stdout += piece.toString();
  });
  child.stderr.on("data", heard);
  const [code] = (await once(child, "exit")) as [number | null];
  const wallMs = performance.now() - started;
  const peakKb = Number(readFileSync(report, "utf8").trim().split("\n").at(-1));
  rmSync(report, { force: true });
  return { wallMs, peakRssMb: peakKb / 1024, firstOutputMs, stdout, code };
}

/**
 * `runs` fresh runs of one command, after one unmeasured (the page cache warm, as for a user's
 * second command); `after` runs after each measured one (to read what it wrote).
 */
export async function runProcesses(
  command: string,
  args: string[],
  cwd: string,
  runs = 5,
  after: () => void = () => {},
): Promise<ProcessRun[]> {
  await runProcess(command, args, cwd);
  const measured: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runProcess(command, args, cwd);
    if (run.code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.code}`);
    measured.push(run);
    after();
  }
  return measured;
}

/** "median 812 (min 790, max 901)": the spread beside the median, for the unit column. */
export function spread(values: number[], digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `median ${median.toFixed(digits)} (min ${sorted[0].toFixed(digits)}, max ${sorted.at(-1)?.toFixed(digits)})`;
}
