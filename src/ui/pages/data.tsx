import { Show } from "solid-js";
import { createDataState } from "../data/data-state.ts";
import { DatasetsTable } from "../data/datasets-table.tsx";
import { ImportPanel } from "../data/import-panel.tsx";
import { InstrumentsPanel } from "../data/instruments-panel.tsx";
import { PreviewChart } from "../data/preview-chart.tsx";
import { QualityView } from "../data/quality-view.tsx";
import { PageHeader } from "../shell.tsx";
import "../data/data.css";

/**
 * The Data page (SPEC §9): the cached datasets with their quality, import by picker or drop,
 * the quality report and a candlestick preview of the dataset opened, storage used and quota,
 * and the instruments' specs, editable.
 */
export function DataPage() {
  const state = createDataState();
  const opened = () => state.datasets()?.find((d) => d.id === state.selected());
  return (
    <>
      <PageHeader title="Data" summary="Your local market data cache." />
      <div class="data-page">
        <DatasetsTable state={state} />
        <div class="grid">
          <ImportPanel state={state} />
          <Show when={opened()} keyed>
            {(dataset) => <QualityView id={dataset.id} />}
          </Show>
        </div>
        <Show when={opened()} keyed>
          {(dataset) => <PreviewChart dataset={dataset} />}
        </Show>
        <div class="grid">
          <InstrumentsPanel />
        </div>
      </div>
    </>
  );
}
