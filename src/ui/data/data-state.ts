import { createResource, createSignal, onCleanup } from "solid-js";
import { dataWorker } from "../data-worker.ts";

/** How often the page asks the worker about the background sample and the write lock. */
const SAMPLE_POLL_MS = 400;

/**
 * The Data page's state: datasets, storage and the background sample, fetched from the data
 * worker. Call inside a component (it owns a poller cleaned up with it).
 */
export function createDataState() {
  const [datasets, { refetch: refetchDatasets }] = createResource(() => dataWorker().datasets());
  const [usage, { refetch: refetchUsage }] = createResource(() => dataWorker().usage());
  const [sample, { refetch: refetchSample }] = createResource(() => dataWorker().sampleStatus());
  const [writeLock, { refetch: refetchWriteLock }] = createResource(() => dataWorker().writeLockStatus());
  const [selected, setSelected] = createSignal<string | undefined>();

  // Refresh the list as each of the sample's datasets is stored, and once it is done.
  let lastStep = 0;
  let wasRunning = false;
  const timer = setInterval(async () => {
    void refetchWriteLock();
    const status = await refetchSample();
    if (status?.state === "running") {
      wasRunning = true;
      // At step k the datasets before the k-th are stored.
      const step = status.progress?.step ?? 0;
      if (step > lastStep && step > 1) refresh();
      lastStep = Math.max(lastStep, step);
    } else if (wasRunning) {
      wasRunning = false;
      lastStep = 0;
      refresh();
    }
  }, SAMPLE_POLL_MS);
  onCleanup(() => clearInterval(timer));

  function refresh(): void {
    void refetchDatasets();
    void refetchUsage();
  }

  return { datasets, usage, sample, writeLock, selected, select: setSelected, refresh };
}

export type DataState = ReturnType<typeof createDataState>;

/** What the page says while this tab's writes wait for another tab's; undefined when they do not. */
export function writeLockWait(state: DataState): string | undefined {
  const lock = state.writeLock();
  return lock?.waiting ? `Waiting for ${lock.holder ?? "another tab"} to finish writing to the cache…` : undefined;
}
