import { Show } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { describeData, describeEnd } from "../../core/engine/report-format.ts";
import { asSentence } from "../../core/format.ts";

/**
 * What a report ran on and how it ended, under its title: the dataset (SYNTHETIC when it is), the
 * rows and range, what the data missed of the requested range, and a ruin that ended the test.
 */
export function DataProvenance(props: { result: BacktestResult }) {
  const ended = () => describeEnd(props.result);
  return (
    <div class="data-provenance" data-testid="data-provenance">
      <p class="small">
        <Show when={props.result.data.synthetic}>
          <span
            class="badge synthetic"
            data-testid="synthetic-badge"
            title="Made by Pipscope's generator: not market data"
          >
            SYNTHETIC DATA
          </span>{" "}
        </Show>
        <span class="muted">Data:</span> {describeData(props.result)}
      </p>
      <Show when={props.result.data.coverage_gap}>
        {(gap) => (
          <p class="notice" data-testid="coverage-gap">
            {asSentence(gap())}: the run tested only that.
          </p>
        )}
      </Show>
      <Show when={ended()}>
        {(text) => (
          <p class="notice ruin" role="status" data-testid="ruin">
            {text()}
          </p>
        )}
      </Show>
    </div>
  );
}
