import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { isTimeframe } from "../../core/data/timeframes.ts";
import { type DataFingerprint, fingerprint, type RunData } from "../../core/engine/fingerprint.ts";
import { PipscopeError } from "../../core/errors.ts";
import { formatNumber } from "../../core/format.ts";
import type { SharedRun } from "../../core/protocol/share.ts";
import { setCurrentRunId } from "../backtest/current-run.ts";
import { backtestWorker } from "../backtest-worker.ts";
import { dataWorker } from "../data-worker.ts";

type DataCheck = { state: "same" } | { state: "different"; detail: string } | { state: "missing"; detail: string };

const describeError = (error: unknown) => (error instanceof PipscopeError ? error.message : String(error));

/** The dataset name a shared run's data names (`EURUSD/bars/M1/sample` → `sample`), if any. */
const datasetName = (data: RunData) => data.dataset?.split("/").at(-1);

/** Whether this browser's cache holds exactly the data a shared run was tested on (the same dataset, when it says). */
async function checkData(expected: RunData): Promise<DataCheck> {
  const { symbol, timeframe, from, to } = expected;
  const name = datasetName(expected);
  let mine: DataFingerprint;
  try {
    if (timeframe === "ticks") {
      const { rows, startIndex } = await dataWorker().ticks(symbol, from, to + 1, 0, name);
      mine = fingerprint(symbol, timeframe, { length: rows.length, time: rows.time, close: rows.bid }, startIndex);
    } else if (isTimeframe(timeframe)) {
      const { rows, startIndex } = await dataWorker().bars(symbol, timeframe, from, to + 1, 0, name);
      mine = fingerprint(symbol, timeframe, rows, startIndex);
    } else return { state: "missing", detail: `'${timeframe}' is not a timeframe this version knows` };
  } catch (error) {
    return { state: "missing", detail: describeError(error) };
  }
  if (mine.rows === expected.rows && mine.hash === expected.hash) return { state: "same" };
  return {
    state: "different",
    detail: `your ${symbol} ${timeframe} has ${formatNumber(mine.rows)} rows in that range (fingerprint ${mine.hash}); the report's had ${formatNumber(expected.rows)} (${expected.hash})`,
  };
}

/**
 * "Re-run on my data" for a shared report: offered when the link carries its session config;
 * says whether the local data is the same as the report's, and warns when it is not.
 */
export function RerunPanel(props: { run: SharedRun }) {
  const navigate = useNavigate();
  const [check] = createResource(() => props.run.result.data, checkData);
  const [error, setError] = createSignal<string>();
  const rerun = async (config: string) => {
    setError(undefined);
    try {
      setCurrentRunId(await backtestWorker().start(config, `${props.run.name} (re-run)`));
      navigate("/backtest");
    } catch (failure) {
      setError(`This link's settings cannot be run here: ${describeError(failure)}`);
    }
  };
  return (
    <Show
      when={props.run.config}
      fallback={<p class="muted small">This link carries no settings to re-run (links never carry pasted code).</p>}
    >
      {(config) => (
        <div class="rerun" data-testid="rerun">
          <Switch fallback={<p class="muted small">Checking your data…</p>}>
            <Match when={check()?.state === "same"}>
              <p class="small" data-data-check="same">
                <Show
                  when={props.run.result.data.synthetic}
                  fallback={<>✓ Your cache holds exactly the data this report was tested on.</>}
                >
                  This report ran on Pipscope's SYNTHETIC sample, not on market data; your cache holds the same
                  synthetic rows, so a re-run gives the same results.
                </Show>
              </p>
            </Match>
            <Match when={check()?.state === "different" && check()}>
              {(c) => (
                <p class="notice" data-data-check="different">
                  Warning: your data differs from the report's, so the results will too —{" "}
                  {(c() as { detail: string }).detail}.
                </p>
              )}
            </Match>
            <Match when={check()?.state === "missing" && check()}>
              {(c) => (
                <p class="notice" data-data-check="missing">
                  You do not have the data to re-run this report: {(c() as { detail: string }).detail}.
                </p>
              )}
            </Match>
          </Switch>
          <button type="button" disabled={!check() || check()?.state === "missing"} onClick={() => rerun(config())}>
            Re-run on my data
          </button>
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
        </div>
      )}
    </Show>
  );
}
