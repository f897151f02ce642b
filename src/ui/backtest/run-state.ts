import { createSignal } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import type { BacktestEvent, BacktestEventData } from "../../core/protocol/backtest.ts";

export type LogLine = BacktestEventData<"log_entry">;
export type Progress = BacktestEventData<"backtest_progress">;

/**
 * What a panel knows about one run, folded from its events. Log lines live in a plain array
 * (100k lines must not become 100k reactive objects); `version` ticks when it grows.
 */
export function createRunState() {
  const lines: LogLine[] = [];
  const [version, setVersion] = createSignal(0);
  // "starting": followed, no event yet (the run is loading its data).
  const [status, setStatus] = createSignal<"idle" | "starting" | "running" | "complete" | "error" | "cancelled">(
    "idle",
  );
  const [progress, setProgress] = createSignal<Progress>();
  const [result, setResult] = createSignal<BacktestResult>();
  const [error, setError] = createSignal<{ message: string; details: string }>();
  const [start, setStart] = createSignal<BacktestEventData<"backtest_start">>();

  function apply(events: BacktestEvent[]): void {
    let grew = false;
    for (const event of events) {
      switch (event.type) {
        case "backtest_start":
          setStart(event.data);
          setStatus("running");
          break;
        case "backtest_progress":
          setProgress(event.data);
          break;
        case "log_entry":
          lines.push(event.data);
          grew = true;
          break;
        case "backtest_complete":
          setResult(event.data.results as BacktestResult);
          setStatus("complete");
          break;
        case "backtest_error":
          setError({ message: event.data.error, details: event.data.error_details });
          setStatus(event.data.error.includes("cancelled") ? "cancelled" : "error");
          break;
      }
    }
    if (grew) setVersion((v) => v + 1);
  }

  /** Forgets everything: a new run is about to be followed. */
  function reset(): void {
    lines.length = 0;
    setVersion((v) => v + 1);
    setStatus("starting");
    setProgress(undefined);
    setResult(undefined);
    setError(undefined);
    setStart(undefined);
  }

  /** Whether the run has ended (or was never followed). */
  const ended = () => !["starting", "running"].includes(status());

  /** The run stopped without its last event: its worker went away with its page. */
  function interrupt(message: string): void {
    setError({ message, details: "" });
    setStatus("error");
  }

  return { lines, version, status, progress, result, error, start, apply, reset, ended, interrupt };
}

export type RunState = ReturnType<typeof createRunState>;
