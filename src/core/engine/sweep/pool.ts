import type { SessionConfig } from "../../config/session-config.ts";
import type { Instrument } from "../../data/types.ts";
import { PipscopeError } from "../../errors.ts";
import type { ParamValues } from "../../strategy/params.ts";
import type { Parity } from "./parity.ts";
import { type FromWorker, parseFromWorker, type RunData, type SweepMethod, type SweepRow } from "./protocol.ts";

/** One worker as the pool sees it; the host adapts a Web Worker or a worker_threads Worker. */
export interface SweepPort {
  post(message: unknown): void;
  /** Called once: every message from the worker, and its death (an uncaught error, an exit). */
  listen(onMessage: (message: unknown) => void, onError: (error: Error) => void): void;
  terminate(): void;
}

/** Where the pool's workers come from. */
export interface PoolHost {
  /** Workers to start (`navigator.hardwareConcurrency`, `os.availableParallelism()`, or the user's). */
  size: number;
  spawn(index: number): SweepPort;
  /** Wall-clock ms. */
  now(): number;
}

/** A sweep to run: one prepared run (config, instrument, data) and the combinations to try. */
export interface SweepJob {
  /** The session config of the run every combination varies. */
  config: SessionConfig;
  instrument: Instrument;
  /** Loaded once; `shareRunData` puts it in shared memory so no worker copies it. */
  data: RunData;
  combinations: readonly ParamValues[];
  /** "vectorised" when `vectorisation` accepts the run; checked against the engine first (probe). */
  method: SweepMethod;
  /** Why the method was chosen (eligibility.ts), for the report. */
  methodReason: string;
}

export interface SweepProgress {
  done: number;
  total: number;
  /** Combinations whose run failed (their rows carry the error). */
  failed: number;
  elapsedMs: number;
}

/** What the pool reports while it runs; every callback is optional. */
export interface SweepListener {
  /** The first worker has its kernels (wasm, or the twins and why). */
  onReady?(info: { backend: "wasm" | "twin"; fallback?: string; workers: number }): void;
  /** The simulator was compared with the engine (null: none of the first combinations could be simulated). */
  onProbe?(parity: Parity | null, method: SweepMethod): void;
  /** A combination finished (streamed as they finish, in any order). */
  onResult?(row: SweepRow, progress: SweepProgress): void;
}

export interface SweepOutcome {
  status: "complete" | "cancelled";
  /** Finished rows in combination order (a cancelled sweep has some). */
  rows: SweepRow[];
  method: SweepMethod;
  methodReason: string;
  parity?: Parity;
  backend: "wasm" | "twin";
  kernelsFallback?: string;
  workers: number;
  /** Whether the workers read one copy of the data (SharedArrayBuffer) or a copy each. */
  sharing: "shared" | "copied";
  ms: number;
}

export interface SweepHandle {
  /** Stops every worker at once; `done` then resolves with the rows finished so far. */
  cancel(): void;
  /** Resolves when the sweep completes or is cancelled; rejects (SWEEP_WORKER_FAILED …) when a worker fails. */
  done: Promise<SweepOutcome>;
}

/** Combinations the probe may try before giving up on a comparison. */
const PROBE_CANDIDATES = 16;

/** Combinations per message: several, to amortise a post, few enough to balance the workers. */
function chunkSize(total: number, workers: number): number {
  return Math.max(1, Math.min(16, Math.ceil(total / (workers * 8))));
}

/**
 * Runs a sweep on a pool of workers: each gets the run once (`init`), then chunks of
 * combinations as it finishes the previous ones; results stream through `listener` as they come.
 * A vectorised sweep first has one worker run a combination in the engine and in the simulator
 * (the first one the simulator can run) while the others start; if the two disagree, the sweep
 * switches to the engine and starts over, saying why.
 * A worker that fails (or dies) fails the sweep: every worker is stopped and `done` rejects.
 */
export function startSweep(job: SweepJob, host: PoolHost, listener: SweepListener = {}): SweepHandle {
  const total = job.combinations.length;
  if (total === 0) throw new PipscopeError("SWEEP_EMPTY", "a sweep needs at least one combination");
  const started = host.now();
  const size = Math.max(1, Math.min(Math.floor(host.size) || 1, total));
  const chunk = chunkSize(total, size);
  const ports: SweepPort[] = [];
  const rows = new Map<number, SweepRow>();
  /** Chunk id → the generation it belongs to (a switch to the engine starts a new one). */
  const chunkGeneration: number[] = [];
  const idle: number[] = [];
  let generation = 0;
  let queue: number[] = [];
  let inFlight = 0;
  let failed = 0;
  let method = job.method;
  let methodReason = job.methodReason;
  let parity: Parity | undefined;
  let probing = method === "vectorised";
  let backend: "wasm" | "twin" = "twin";
  let kernelsFallback: string | undefined;
  let readyCount = 0;
  let finished = false;
  let resolve!: (outcome: SweepOutcome) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<SweepOutcome>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  const restart = () => {
    queue = Array.from({ length: total }, (_, i) => i);
    rows.clear();
    failed = 0;
  };
  restart();

  const stopAll = () => {
    finished = true;
    for (const port of ports) port.terminate();
  };
  const outcome = (status: SweepOutcome["status"]): SweepOutcome => ({
    status,
    rows: [...rows.values()].sort((a, b) => a.index - b.index),
    method,
    methodReason,
    parity,
    backend,
    kernelsFallback,
    workers: size,
    sharing: isShared(job.data) ? "shared" : "copied",
    ms: host.now() - started,
  });
  const fail = (error: Error) => {
    if (finished) return;
    stopAll();
    reject(error);
  };

  const finishIfDone = () => {
    if (finished || queue.length > 0 || inFlight > 0 || probing) return;
    stopAll();
    resolve(outcome("complete"));
  };
  /** Gives worker `w` its next chunk, or parks it (and finishes the sweep when nothing is left anywhere). */
  const dispatch = (w: number) => {
    if (finished) return;
    if (queue.length === 0) {
      idle.push(w);
      finishIfDone();
      return;
    }
    const indices = queue.splice(0, chunk);
    const id = chunkGeneration.length;
    chunkGeneration.push(generation);
    inFlight++;
    ports[w].post({
      type: "run",
      chunk: id,
      method,
      jobs: indices.map((index) => ({ index, params: job.combinations[index] })),
    });
  };
  const wakeIdle = () => {
    while (idle.length > 0 && queue.length > 0) dispatch(idle.pop() as number);
  };

  const onMessage = (w: number, message: FromWorker) => {
    switch (message.type) {
      case "ready":
        if (readyCount++ === 0) {
          backend = message.backend;
          kernelsFallback = message.fallback;
          listener.onReady?.({ backend, fallback: kernelsFallback, workers: size });
        }
        if (probing && w === 0)
          ports[0].post({ type: "probe", candidates: job.combinations.slice(0, PROBE_CANDIDATES) });
        else dispatch(w);
        return;
      case "probed":
        probing = false;
        parity = message.parity ?? undefined;
        if (parity && !parity.agree) {
          method = "engine";
          methodReason = `the simulator disagreed with the engine (${parity.detail})`;
          // Chunks already running finish (their rows are ignored); everything runs again.
          generation++;
          restart();
        }
        listener.onProbe?.(parity ?? null, method);
        dispatch(w);
        wakeIdle();
        return;
      case "result": {
        const row = message.row;
        if (chunkGeneration[message.chunk] !== generation || rows.has(row.index) || row.index >= total) return;
        rows.set(row.index, row);
        if (row.metrics === null) failed++;
        listener.onResult?.(row, { done: rows.size, total, failed, elapsedMs: host.now() - started });
        return;
      }
      case "chunk_done":
        inFlight--;
        dispatch(w);
        return;
      case "failed":
        fail(PipscopeError.fromJSON(message.error));
        return;
    }
  };

  for (let w = 0; w < size; w++) {
    const port = host.spawn(w);
    ports.push(port);
    port.listen(
      (raw) => {
        if (finished) return;
        try {
          onMessage(w, parseFromWorker(raw));
        } catch (error) {
          fail(error as Error);
        }
      },
      (error) =>
        fail(new PipscopeError("SWEEP_WORKER_FAILED", `sweep worker ${w + 1} of ${size} failed: ${error.message}`)),
    );
  }
  for (const port of ports) port.post({ type: "init", config: job.config, instrument: job.instrument, data: job.data });

  return {
    cancel() {
      if (finished) return;
      stopAll();
      resolve(outcome("cancelled"));
    },
    done,
  };
}

/** Whether the data lives in shared memory (SharedArrayBuffer), so posting it copies nothing. */
function isShared(data: RunData): boolean {
  return typeof SharedArrayBuffer === "function" && data.rows.time.buffer instanceof SharedArrayBuffer;
}

/**
 * The data with every column moved into SharedArrayBuffers, so each worker reads the same memory
 * (SPEC §5: shared once, never copied per combination). Without SharedArrayBuffer (a page that
 * is not cross-origin isolated) the data is returned as is, and each worker gets one copy.
 */
export function shareRunData(data: RunData): RunData {
  if (typeof SharedArrayBuffer !== "function") return data;
  const share = <T extends Float64Array | Int32Array>(column: T): T => {
    if (column.buffer instanceof SharedArrayBuffer) return column;
    const copy = new (column.constructor as new (buffer: SharedArrayBuffer) => T)(
      new SharedArrayBuffer(column.byteLength),
    );
    copy.set(column);
    return copy;
  };
  const columns = <T extends object>(rows: T): T => {
    const out = { ...rows } as Record<string, unknown>;
    for (const [key, value] of Object.entries(rows)) {
      if (value instanceof Float64Array || value instanceof Int32Array) out[key] = share(value);
    }
    return out as T;
  };
  if (data.kind === "ticks") return { ...data, rows: columns(data.rows) };
  return { ...data, rows: columns(data.rows), finer: data.finer && columns(data.finer) };
}
