import { createResource, For, Show } from "solid-js";
import { STREAMS, type StreamName } from "../../core/config/index.ts";
import type { DataOrigin } from "../../core/data/origin.ts";
import type { Timeframe } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import { asSentence } from "../../core/format.ts";
import { MS_PER_DAY } from "../../core/units.ts";
import { dataWorker, sampleReady } from "../data-worker.ts";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the form asks for: the symbol, its stream, the dates (the end inclusive) and the dataset chosen. */
interface Request {
  symbol: string;
  stream: string;
  start: string;
  end: string;
  dataset: string;
}

/** What the form shows: the symbol's dataset names, the one the run reads, what it misses, or why it cannot. */
interface Found {
  names: string[];
  origin?: DataOrigin;
  gap?: string | null;
  error?: string;
}

/** The datasets a run of the request could read, and which it will, with what it misses of the dates. */
async function lookUp(request: Request): Promise<Found> {
  await sampleReady(); // a first start's sample is on its way: say what the run will read once it is there
  const from = Date.parse(`${request.start}T00:00:00Z`);
  const to = Date.parse(`${request.end}T00:00:00Z`) + MS_PER_DAY;
  const names = [
    ...new Set((await dataWorker().datasets()).filter((d) => d.symbol === request.symbol).map((d) => d.name)),
  ].sort();
  if (!(to > from)) return { names, error: "the end date is before the start" };
  const timeframe = STREAMS[request.stream as StreamName] as Timeframe | "ticks";
  try {
    const chosen = request.dataset && names.includes(request.dataset) ? request.dataset : undefined;
    return { names, ...(await dataWorker().coverage(request.symbol, timeframe, from, to, chosen)) };
  } catch (error) {
    return { names, error: error instanceof PipscopeError ? error.message : String(error) };
  }
}

/**
 * The Backtest form's data line: which cached dataset the run will read (SYNTHETIC when it is),
 * a choice when the symbol has more than one, and — before Run — what the data does not cover of
 * the dates asked for.
 */
export function DataChoice(props: Request & { onChoose: (name: string) => void }) {
  const [found] = createResource(
    () => ({ symbol: props.symbol, stream: props.stream, start: props.start, end: props.end, dataset: props.dataset }),
    lookUp,
  );
  return (
    <div class="data-choice" data-testid="data-choice">
      <Show when={(found()?.names.length ?? 0) > 1}>
        <label class="field">
          <span>Dataset</span>
          <select name="dataset" value={props.dataset} onChange={(e) => props.onChoose(e.currentTarget.value)}>
            <option value="">Best coverage of the dates</option>
            <For each={found()?.names}>{(name) => <option value={name}>{name}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={found.loading}>
        <p class="muted small">Looking up the cached data…</p>
      </Show>
      <Show when={found()}>
        {(f) => (
          <>
            <Show when={f().origin}>
              {(origin) => (
                <p class="small" data-testid="data-source">
                  <Show when={origin().synthetic}>
                    <span class="badge synthetic">SYNTHETIC</span>{" "}
                  </Show>
                  Runs on {origin().dataset}
                  {origin().resampledFrom ? ` (resampled from ${origin().resampledFrom})` : ""}, which holds{" "}
                  {day(origin().first)} → {day(origin().last)}.
                </p>
              )}
            </Show>
            <Show when={f().gap}>
              {(gap) => (
                <p class="notice small" data-testid="coverage-warning">
                  {asSentence(gap())}: the run would test only that. Change the dates or choose another dataset.
                </p>
              )}
            </Show>
            <Show when={f().error}>
              {(error) => (
                <p class="notice small" data-testid="coverage-warning">
                  {asSentence(error())}
                </p>
              )}
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
