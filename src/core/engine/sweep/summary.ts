import type { SweepOutcome } from "./pool.ts";

/**
 * How a sweep ran, as lines for the CLI and the Sweep panel: status, count, time, workers,
 * method (and how many combinations fell back to the engine), data sharing; why that method;
 * the parity check; the kernels' fallback; failures.
 */
export function sweepSummary(outcome: SweepOutcome, total: number): string[] {
  const seconds = (outcome.ms / 1000).toFixed(2);
  const done = outcome.rows.length;
  const status = outcome.status === "complete" ? `${done} combinations` : `cancelled after ${done} of ${total}`;
  const engineRows = outcome.rows.filter((r) => r.method === "engine").length;
  const method =
    outcome.method === "vectorised"
      ? `vectorised (${outcome.backend}${engineRows ? `; ${engineRows} in the engine` : ""})`
      : "engine";
  const lines = [
    `${status} in ${seconds} s on ${outcome.workers} worker${outcome.workers === 1 ? "" : "s"} · ${method} · data ${outcome.sharing}`,
    `method: ${outcome.methodReason}`,
  ];
  if (outcome.parity) lines.push(`parity with the engine: ${outcome.parity.detail}`);
  if (outcome.kernelsFallback) lines.push(`kernels: twins (${outcome.kernelsFallback})`);
  const failed = outcome.rows.filter((r) => r.metrics === null);
  if (failed.length) lines.push(`${failed.length} combination(s) failed, e.g. ${failed[0].error}`);
  return lines;
}
