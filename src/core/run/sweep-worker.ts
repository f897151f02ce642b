import type { BarColumns, TickColumns } from "../data/types.ts";
import { SweepEvaluator } from "../engine/sweep/evaluator.ts";
import { type FromWorker, parseToWorker, type RunData, type ToWorker } from "../engine/sweep/protocol.ts";
import { PipscopeError } from "../errors.ts";
import type { Kernels } from "../kernels/index.ts";
import { createStrategy } from "../strategy/index.ts";
import { planRun } from "./plan.ts";
import { type MarketData, prepareBacktest, type RunCalendar } from "./prepare.ts";

/** What a sweep worker needs from its host (a Web Worker or a worker_threads thread). */
export interface SweepWorkerHost {
  post(message: FromWorker): void;
  /** The kernels: wasm where it loads, else the twins, with the reason (core/kernels `loadKernels`). */
  loadKernels(): Promise<{ kernels: Kernels; fallback?: PipscopeError }>;
  calendar: RunCalendar;
  /** Wall-clock ms, for the rows' timings. */
  now(): number;
}

/**
 * The worker side of the sweep pool, independent of its transport: feed it every message that
 * arrives (`handle`); it answers through `host.post`. `init` prepares the run once (the same
 * BacktestInput `pipscope backtest` builds for the config), then `probe` and `run` reuse it.
 * A malformed message or a failed init is answered with `failed`, never thrown.
 */
export function makeSweepWorker(host: SweepWorkerHost) {
  let evaluator: SweepEvaluator | undefined;

  async function init(message: Extract<ToWorker, { type: "init" }>): Promise<FromWorker> {
    const plan = planRun(message.config, () => message.instrument);
    if (plan.strategy.source !== undefined) {
      throw new PipscopeError("SWEEP_CUSTOM_STRATEGY", "sweeps run the built-in strategies, not custom code");
    }
    const strategy = createStrategy(plan.strategy.id, plan.strategy.parameters);
    const input = await prepareBacktest(plan, strategy, sharedMarket(message.data), host.calendar, "sweep", host.now);
    const { kernels, fallback } = await host.loadKernels();
    evaluator = new SweepEvaluator(input, kernels, host.now);
    return { type: "ready", backend: kernels.backends.simulate, fallback: fallback?.message };
  }

  const ready = (): SweepEvaluator => {
    if (!evaluator) throw new PipscopeError("SWEEP_NOT_READY", "a sweep worker got work before its init");
    return evaluator;
  };

  return {
    async handle(raw: unknown): Promise<void> {
      try {
        const message = parseToWorker(raw);
        switch (message.type) {
          case "init":
            host.post(await init(message));
            return;
          case "probe":
            host.post({ type: "probed", parity: await ready().probe(message.candidates) });
            return;
          case "run": {
            const worker = ready();
            for (const job of message.jobs)
              host.post({
                type: "result",
                chunk: message.chunk,
                row: await worker.evaluate(job.index, job.params, message.method),
              });
            host.post({ type: "chunk_done", chunk: message.chunk });
            return;
          }
        }
      } catch (error) {
        const failure =
          error instanceof PipscopeError
            ? error
            : new PipscopeError("SWEEP_WORKER_ERROR", error instanceof Error ? error.message : String(error));
        host.post({ type: "failed", error: failure.toJSON() });
      }
    },
  };
}

/** MarketData over the rows the pool sent: the run's own stream, and M1 for intrabar paths. */
function sharedMarket(data: RunData): MarketData {
  const loaded = <T>(rows: T) => ({ rows, startIndex: data.startIndex, label: data.label });
  return {
    async bars(_symbol, timeframe) {
      if (data.kind !== "bars") throw new PipscopeError("SWEEP_NO_DATA", "the sweep was sent ticks, not bars");
      if (timeframe === "M1" && data.finer) return { rows: data.finer, startIndex: 0 };
      return loaded<BarColumns>(data.rows);
    },
    async ticks() {
      if (data.kind !== "ticks") throw new PipscopeError("SWEEP_NO_DATA", "the sweep was sent bars, not ticks");
      return loaded<TickColumns>(data.rows);
    },
  };
}
