import { createSignal, onCleanup, Show } from "solid-js";
import type { SampleStatus } from "../../workers/data-api.ts";
import { dataWorker } from "../data-worker.ts";

const POLL_MS = 500;

/**
 * Shown while a run loads its data: on a first start that waits for the synthetic sample, so
 * say so, with the sample's progress, rather than leave the run looking stuck.
 */
export function LoadingNotice() {
  const [sample, setSample] = createSignal<SampleStatus>();
  const poll = async () => setSample(await dataWorker().sampleStatus());
  void poll();
  const timer = setInterval(poll, POLL_MS);
  onCleanup(() => clearInterval(timer));
  return (
    <div class="sample-progress" role="status">
      <Show when={sample()?.state === "running"} fallback={<span class="muted">Loading data…</span>}>
        <span>
          Waiting for the synthetic sample to be created
          {sample()?.progress?.dataset ? ` — ${sample()?.progress?.dataset}` : ""}…
        </span>
        <progress max="1" value={sample()?.progress?.fraction ?? 0} />
      </Show>
    </div>
  );
}
