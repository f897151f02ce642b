import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** A process of the fault suite: its output so far, and a way to wait for a line or its end. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr has printed a line matching `pattern`. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null after a signal) and how long the process ran. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const started = new Set<ChildProcess>();

/** Starts a Node process in the repository: `node <args>` (e.g. `bin/pipscope.mjs import …`). */
export function start(args: string[]): Running {
  const begun = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  started.add(child);
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout?.on("data", (chunk) => {
    out += chunk;
    wake();
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
    wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once("exit", (code, signal) => {
      started.delete(child);
      wake();
      resolve({ code, signal, ms: performance.now() - begun });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    printed(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern}:\n${out}\n${err}`)), timeoutMs);
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited before printing ${pattern}:\n${out}\n${err}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Runs `pipscope <args>` to its end. */
export async function pipscope(args: string[]) {
  const run = start(["bin/pipscope.mjs", ...args]);
  const { code, ms } = await run.exited;
  return { code, ms, stdout: run.stdout(), stderr: run.stderr() };
}

/** Kills every process a test started and left running (call in afterEach). */
export async function killStarted(): Promise<void> {
  const left = [...started];
  for (const child of left) child.kill("SIGKILL");
  await Promise.all(
    left.map(
      (child) =>
        new Promise((done) =>
          (child.exitCode ?? child.signalCode) !== null ? done(undefined) : child.once("exit", done),
        ),
    ),
  );
}

/**
 * Writes an MT5 Bars export (tab-separated, UTC times) of `rows` M1 bars from `from` (UTC ms),
 * prices wandering around `base`.
 */
export async function writeMt5Bars(path: string, rows: number, from: number, base = 1.1): Promise<void> {
  const lines = ["<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>"];
  let price = base;
  for (let i = 0; i < rows; i++) {
    const iso = new Date(from + i * 60_000).toISOString();
    const open = price;
    price += (((i * 7919) % 13) - 6) * 0.00001;
    lines.push(
      `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)}\t${iso.slice(11, 19)}\t${open.toFixed(5)}\t${(Math.max(open, price) + 0.0001).toFixed(5)}\t${(Math.min(open, price) - 0.0001).toFixed(5)}\t${price.toFixed(5)}\t10\t0\t5`,
    );
  }
  await writeFile(path, `${lines.join("\n")}\n`);
}
