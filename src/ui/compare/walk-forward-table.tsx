import { For, Show } from "solid-js";
import type { CompareResult } from "../../core/protocol/compare.ts";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pct = (value: number | null) => (value === null ? "–" : `${value.toFixed(2)} %`);

/**
 * A `*_full` variant's walk-forward: each window's in-sample and out-of-sample dates, the
 * parameters chosen, the in-sample return of that choice and what it made out of sample; under
 * it the annualised returns and the efficiency (out-of-sample / in-sample).
 */
export function WalkForwardTable(props: { result: CompareResult }) {
  return (
    <Show when={props.result.walk_forward}>
      {(wf) => (
        <section class="card" data-testid={`walk-forward-${props.result.variant}`}>
          <h2>Walk-forward · {props.result.variant}</h2>
          <p class="muted small">
            {wf().mode} windows, {wf().in_sample_days} days in sample, {wf().out_of_sample_days} out of sample;
            optimised for {wf().objective}.
          </p>
          <table class="compare-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">In sample</th>
                <th scope="col">Out of sample</th>
                <th scope="col">Chosen</th>
                <th scope="col">In-sample return</th>
                <th scope="col">Out-of-sample return</th>
              </tr>
            </thead>
            <tbody>
              <For each={wf().windows}>
                {(w) => (
                  <tr>
                    <th scope="row">{w.index + 1}</th>
                    <td class="when">
                      {day(w.in_sample.start)} → {day(w.in_sample.end)}
                    </td>
                    <td class="when">
                      {day(w.out_of_sample.start)} → {day(w.out_of_sample.end)}
                    </td>
                    <td>
                      {Object.entries(w.params)
                        .map(([name, value]) => `${name}=${value}`)
                        .join(" ")}
                    </td>
                    <td>{pct(w.in_sample_return_pct)}</td>
                    <td>{pct(w.out_of_sample_return_pct)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <p class="small" data-testid={`efficiency-${props.result.variant}`}>
            Annualised: in sample {pct(wf().in_sample_annual_return_pct)}, out of sample{" "}
            {pct(wf().out_of_sample_annual_return_pct)} · efficiency{" "}
            {wf().efficiency === null ? "– (no in-sample edge to keep)" : (wf().efficiency as number).toFixed(2)}
          </p>
        </section>
      )}
    </Show>
  );
}
