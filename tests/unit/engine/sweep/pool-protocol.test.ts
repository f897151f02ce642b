import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../../src/core/config/index.ts";
import { instrumentFor } from "../../../../src/core/data/instruments.ts";
import {
  type FromWorker,
  type PoolHost,
  type SweepJob,
  type SweepPort,
  startSweep,
  type ToWorker,
} from "../../../../src/core/engine/sweep/index.ts";
import { SWEEP_METRICS } from "../../../../src/core/engine/sweep/objective.ts";
import { PipscopeError } from "../../../../src/core/errors.ts";
import { twinKernels } from "../../../../src/core/kernels/index.ts";
import { FX_RUN_CALENDAR, makeSweepWorker } from "../../../../src/core/run/index.ts";
import { randomWalkBars } from "../../../bench/engine.bench.ts";
import { configText } from "./fixtures.ts";

const METRICS = Object.fromEntries(SWEEP_METRICS.map((name) => [name, 1]));
const COMBINATIONS = Array.from({ length: 6 }, (_, i) => ({ fast: i + 1, slow: 20, kind: "SMA", long_only: false }));

const job = (method: "vectorised" | "engine" = "vectorised"): SweepJob => ({
  config: loadSessionConfig(configText({ id: "ma_cross" })),
  instrument: instrumentFor("EURUSD"),
  data: { kind: "bars", rows: randomWalkBars(10), startIndex: 0 },
  combinations: COMBINATIONS,
  method,
  methodReason: "test",
});

/**
 * Scripted workers: `answer` maps each message a worker gets to the messages it sends back
 * (asynchronously). Records what each worker was sent and whether it was stopped.
 */
function scriptedHost(size: number, answer: (message: ToWorker, worker: number) => unknown[]) {
  const sent: ToWorker[][] = [];
  const stopped: boolean[] = [];
  const kill: ((error: Error) => void)[] = [];
  const host: PoolHost = {
    size,
    now: () => 0,
    spawn(w): SweepPort {
      sent[w] = [];
      stopped[w] = false;
      let reply: (message: unknown) => void = () => {};
      return {
        post(message) {
          sent[w].push(message as ToWorker);
          setImmediate(() => {
            for (const out of answer(message as ToWorker, w)) if (!stopped[w]) reply(out);
          });
        },
        listen(onMessage, onError) {
          reply = onMessage;
          kill[w] = onError;
        },
        terminate() {
          stopped[w] = true;
        },
      };
    },
  };
  return { host, sent, stopped, kill };
}

/** Workers that run every job as `method` and agree (or not) with the engine. */
const worker =
  (agree: boolean) =>
  (message: ToWorker): unknown[] => {
    switch (message.type) {
      case "init":
        return [{ type: "ready", backend: "wasm" }];
      case "probe":
        return [
          {
            type: "probed",
            parity: {
              agree,
              params: message.candidates[0],
              trades: 3,
              detail: agree ? "equal" : "trade 2: exit bar differs",
            },
          },
        ];
      case "run":
        return [
          ...message.jobs.map((j) => ({
            type: "result",
            chunk: message.chunk,
            row: { index: j.index, params: j.params, method: message.method, metrics: METRICS, ms: 1 },
          })),
          { type: "chunk_done", chunk: message.chunk },
        ];
    }
  };

describe("the sweep pool", () => {
  it("probes on the first worker, then runs every combination once and stops its workers", async () => {
    const { host, sent, stopped } = scriptedHost(2, worker(true));
    const progress: number[] = [];
    const outcome = await startSweep(job(), host, { onResult: (_, p) => progress.push(p.done) }).done;
    expect(outcome).toMatchObject({ status: "complete", method: "vectorised", backend: "wasm", workers: 2 });
    expect(outcome.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sent[0].map((m) => m.type).slice(0, 2)).toEqual(["init", "probe"]);
    expect(sent[1].some((m) => m.type === "probe")).toBe(false);
    expect(stopped).toEqual([true, true]);
    expect(outcome.sharing).toBe("copied");
  });

  it("switches to the engine and starts over when the simulator disagrees with it", async () => {
    const { host } = scriptedHost(2, worker(false));
    const outcome = await startSweep(job(), host).done;
    expect(outcome.method).toBe("engine");
    expect(outcome.methodReason).toBe("the simulator disagreed with the engine (trade 2: exit bar differs)");
    expect(outcome.rows.every((r) => r.method === "engine")).toBe(true);
    expect(outcome.rows).toHaveLength(6);
  });

  it("a cancel resolves with the rows so far and stops every worker; later messages are ignored", async () => {
    const { host, stopped } = scriptedHost(2, worker(true));
    let handle: ReturnType<typeof startSweep> | undefined;
    handle = startSweep({ ...job("engine") }, host, {
      onResult: (_, p) => {
        if (p.done === 2) handle?.cancel();
      },
    });
    const outcome = await handle.done;
    expect(outcome.status).toBe("cancelled");
    expect(outcome.rows).toHaveLength(2);
    expect(stopped).toEqual([true, true]);
  });

  it("fails the sweep, stopping every worker, when a worker fails, dies or says something malformed", async () => {
    const failing = scriptedHost(2, (message) =>
      message.type === "init"
        ? [{ type: "failed", error: new PipscopeError("CONFIG_BAD_RANGE", "the range is empty").toJSON() }]
        : [],
    );
    await expect(startSweep(job(), failing.host).done).rejects.toMatchObject({
      code: "CONFIG_BAD_RANGE",
      message: "the range is empty",
    });
    expect(failing.stopped).toEqual([true, true]);

    const dying = scriptedHost(2, () => []);
    const died = startSweep(job(), dying.host).done;
    dying.kill[1](new Error("the thread exited (code 1)"));
    await expect(died).rejects.toMatchObject({
      code: "SWEEP_WORKER_FAILED",
      message: "sweep worker 2 of 2 failed: the thread exited (code 1)",
    });

    const garbled = scriptedHost(1, () => [{ type: "ready", backend: "gpu" }]);
    await expect(startSweep(job(), garbled.host).done).rejects.toMatchObject({ code: "SWEEP_BAD_MESSAGE" });
  });

  it("refuses an empty sweep", () => {
    expect(() => startSweep({ ...job(), combinations: [] }, scriptedHost(1, () => []).host)).toThrow(
      "a sweep needs at least one combination",
    );
  });
});

describe("the sweep worker", () => {
  async function answers(...messages: unknown[]): Promise<FromWorker[]> {
    const posted: FromWorker[] = [];
    const w = makeSweepWorker({
      post: (m) => posted.push(m),
      loadKernels: async () => ({ kernels: twinKernels() }),
      calendar: FX_RUN_CALENDAR,
      now: () => 0,
    });
    for (const message of messages) await w.handle(message);
    return posted;
  }
  const bars = randomWalkBars(24 * 40);

  it("answers a malformed message, work before init and a custom strategy with `failed`", async () => {
    const [garbled] = await answers({ type: "run", chunk: -1, method: "engine", jobs: [] });
    expect(garbled).toMatchObject({
      type: "failed",
      error: {
        code: "SWEEP_BAD_MESSAGE",
        message: "a sweep worker got a malformed message at $.chunk: Too small: expected number to be >=0",
      },
    });
    const [early] = await answers({ type: "run", chunk: 0, method: "engine", jobs: [] });
    expect(early).toMatchObject({ type: "failed", error: { code: "SWEEP_NOT_READY" } });
    const custom = JSON.parse(configText({ id: "mine", source: "export default { onBar() {} }" }));
    const [refused] = await answers({
      type: "init",
      config: custom,
      instrument: instrumentFor("EURUSD"),
      data: { kind: "bars", rows: bars, startIndex: 0 },
    });
    expect(refused).toMatchObject({ type: "failed", error: { code: "SWEEP_CUSTOM_STRATEGY" } });
  });

  it("runs a chunk after init: a result per job, a failed run as a row with its error, then chunk_done", async () => {
    const posted = await answers(
      {
        type: "init",
        config: JSON.parse(configText({ id: "ma_cross" })),
        instrument: instrumentFor("EURUSD"),
        data: { kind: "bars", rows: bars, startIndex: 60 },
      },
      {
        type: "run",
        chunk: 3,
        method: "engine",
        jobs: [
          { index: 0, params: { fast: 3, slow: 12, kind: "SMA", long_only: false } },
          { index: 1, params: { fast: 12, slow: 3, kind: "SMA", long_only: false } },
        ],
      },
    );
    expect(posted.map((m) => m.type)).toEqual(["ready", "result", "result", "chunk_done"]);
    const [, ok, bad] = posted as Extract<FromWorker, { type: "result" }>[];
    expect(ok.row).toMatchObject({ index: 0, method: "engine" });
    expect(ok.row.metrics?.trades).toBeGreaterThan(0);
    expect(bad.row).toMatchObject({ index: 1, metrics: null, error: "ma_cross: fast (12) must be less than slow (3)" });
  });
});
