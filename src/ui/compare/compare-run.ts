import { proxy, transfer } from "comlink";
import { createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { VARIANTS, type VariantName } from "../../core/config/index.ts";
import { PipscopeError } from "../../core/errors.ts";
import {
  type CompareEvent,
  type CompareOutcome,
  parseCompareEvent,
  parseCompareOutcomes,
} from "../../core/protocol/compare.ts";
import { backtestEndpoint } from "../backtest-worker.ts";
import { dataWorker } from "../data-worker.ts";

/** Where one variant is: waiting its turn, optimising windows, running, or ended. */
export interface VariantProgress {
  status: "waiting" | "optimising" | "running" | "cancelled" | CompareOutcome["status"];
  /** 0–100: windows optimised, then the engine's run (the stitched out-of-sample run for `*_full`). */
  progress: number;
  currentDate: string;
  trades: number;
  pnl: number;
  /** `*_full`: "3/10" windows optimised. */
  windows: string;
}

const idle = (): VariantProgress => ({
  status: "waiting",
  progress: 0,
  currentDate: "",
  trades: 0,
  pnl: 0,
  windows: "",
});

/**
 * One comparison at a time, run in the backtest worker: each variant's live progress (a store
 * of a few numbers per variant) and, at the end, the outcomes (checked, protocol/compare.ts).
 */
export function createCompareRun() {
  const [progress, setProgress] = createStore<Record<VariantName, VariantProgress>>(
    Object.fromEntries(VARIANTS.map((v) => [v, idle()])) as Record<VariantName, VariantProgress>,
  );
  const [outcomes, setOutcomes] = createSignal<CompareOutcome[]>();
  const [running, setRunning] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const apply = (event: CompareEvent) => {
    const v = event.variant;
    switch (event.type) {
      case "variant_start":
        setProgress(v, { status: v.endsWith("_full") ? "optimising" : "running" });
        break;
      case "window":
        setProgress(v, {
          status: "optimising",
          windows: `${event.window}/${event.windows}`,
          progress: (event.window / event.windows) * 100,
        });
        break;
      case "progress":
        setProgress(v, {
          status: "running",
          progress: event.progress,
          currentDate: event.current_date.slice(0, 10),
          trades: event.trades_count,
          pnl: event.current_pnl,
        });
        break;
      case "variant_end":
        setProgress(v, { status: event.status, progress: event.status === "complete" ? 100 : progress[v].progress });
    }
  };

  return {
    progress,
    outcomes,
    running,
    error,
    /** Runs the config (a session config with `variants` and `walk_forward`) in the backtest worker. */
    async start(configText: string): Promise<void> {
      setError(undefined);
      setOutcomes(undefined);
      for (const v of VARIANTS) setProgress(v, idle());
      setRunning(true);
      try {
        const { port1, port2 } = new MessageChannel();
        await dataWorker().listen(transfer(port1, [port1]));
        const listen = proxy((event: unknown) => apply(parseCompareEvent(event)));
        const answer = await backtestEndpoint().compare(configText, transfer(port2, [port2]), listen);
        setOutcomes(parseCompareOutcomes(answer));
      } catch (e) {
        setError(e instanceof PipscopeError ? e.describe() : String(e));
        if (e instanceof PipscopeError && e.code === "BACKTEST_CANCELLED")
          for (const v of VARIANTS)
            if (["waiting", "optimising", "running"].includes(progress[v].status))
              setProgress(v, { status: "cancelled" });
      } finally {
        setRunning(false);
      }
    },
    cancel: () => backtestEndpoint().cancelCompare(),
  };
}
