import { PipscopeError } from "../../core/errors.ts";
import { checkKernels } from "../dashboard/kernels-check.ts";
import { dataWorker } from "../data-worker.ts";

/** One line of the self-check: what was checked, whether it holds, and what was seen. */
export interface Check {
  id: string;
  label: string;
  ok: boolean;
  detail: string;
}

/** How long the offline check waits for a first-visit service worker to activate. */
const SW_READY_TIMEOUT_MS = 8000;

const sleep = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms));

async function check(id: string, label: string, probe: () => Promise<string>): Promise<Check> {
  try {
    return { id, label, ok: true, detail: await probe() };
  } catch (error) {
    return { id, label, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/**
 * What this browser gives Pipscope: a worker that answers, errors that keep their code across
 * it, cross-origin isolation (SharedArrayBuffer), offline readiness and local storage.
 */
export function runSelfCheck(): Promise<Check[]> {
  return Promise.all([
    check("worker", "Data worker answers", async () => {
      const started = performance.now();
      const version = await dataWorker().version();
      await dataWorker().ping("self-check");
      return `version ${version}, started and answered in ${(performance.now() - started).toFixed(1)} ms`;
    }),
    check("worker-errors", "Worker errors keep their code", async () => {
      try {
        await dataWorker().fail("SELF_CHECK", "deliberate failure");
      } catch (error) {
        if (error instanceof PipscopeError && error.code === "SELF_CHECK") return `received ${error.code}`;
        throw new Error(`arrived without its code: ${String(error)}`);
      }
      throw new Error("the worker did not fail");
    }),
    check("kernels", "WebAssembly kernels", checkKernels),
    check("isolated", "Cross-origin isolated", async () => {
      if (!crossOriginIsolated) throw new Error("no: the server must send COOP/COEP headers");
      return "yes: SharedArrayBuffer available";
    }),
    check("offline", "Works offline", async () => {
      if (!("serviceWorker" in navigator)) throw new Error("this browser has no service workers");
      // On a first visit the worker is still installing: give it a moment before saying no.
      const ready = await Promise.race([navigator.serviceWorker.ready, sleep(SW_READY_TIMEOUT_MS)]);
      if (!ready) throw new Error("not yet: the service worker has not finished caching the app");
      return "app shell cached by the service worker";
    }),
    check("storage", "Local storage", async () => {
      await navigator.storage.getDirectory();
      const { usage = 0, quota = 0 } = await navigator.storage.estimate();
      return `OPFS available, ${formatBytes(usage)} used of ${formatBytes(quota)}`;
    }),
  ]);
}
