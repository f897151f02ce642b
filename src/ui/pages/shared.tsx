import { A, useParams } from "@solidjs/router";
import { createMemo, createSignal, Match, Show, Switch } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import { decodeShare, type SharedRun } from "../../core/protocol/share.ts";
import { keepResult } from "../../store/runs.ts";
import { Report } from "../results/report.tsx";
import { RerunPanel } from "../results/rerun-panel.tsx";
import { PageHeader } from "../shell.tsx";

/**
 * `#/r/<payload>`: a report someone shared, rendered from the link alone — no data, no server.
 * The payload is hostile input: decoded and schema-checked, shown only as text.
 */
export function SharedPage() {
  const params = useParams<{ payload: string }>();
  const decoded = createMemo((): { run: SharedRun } | { error: string } => {
    try {
      return { run: decodeShare(params.payload) };
    } catch (error) {
      return { error: error instanceof PipscopeError ? error.message : "the link could not be read" };
    }
  });
  const [saved, setSaved] = createSignal(false);
  const save = async (run: SharedRun) => {
    await keepResult(run.result.backtest_id, run.name, run.result);
    setSaved(true);
  };
  return (
    <Switch>
      <Match when={"error" in decoded() && decoded()}>
        {(failure) => (
          <>
            <PageHeader
              title="This link cannot be opened"
              summary="It is not a Pipscope report link, or it was damaged on the way."
            />
            <section class="card" role="alert" data-testid="share-error">
              <p>{(failure() as { error: string }).error}.</p>
              <p class="muted">Ask for the link again, copied whole. Nothing was stored.</p>
              <A href="/">Go to the Dashboard</A>
            </section>
          </>
        )}
      </Match>
      <Match when={"run" in decoded() && (decoded() as { run: SharedRun }).run}>
        {(run) => (
          <>
            <PageHeader
              title="Shared report"
              summary="Opened from a link: read-only, rendered without any data or server."
            />
            <Report
              name={run().name}
              result={run().result}
              config={run().config}
              notice={
                <>
                  <Show when={run().totalTrades > run().result.trades.length}>
                    <p class="notice" data-testid="trades-truncated">
                      The link carries the first {run().result.trades.length} of {run().totalTrades} trades; the metrics
                      cover all of them.
                    </p>
                  </Show>
                  <RerunPanel run={run()} />
                </>
              }
              actions={
                <button type="button" onClick={() => save(run())} disabled={saved()}>
                  {saved() ? "Saved to my runs" : "Save to my runs"}
                </button>
              }
            />
          </>
        )}
      </Match>
    </Switch>
  );
}
