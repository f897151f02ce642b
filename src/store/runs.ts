import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { BacktestResult } from "../core/engine/backtest.ts";
import type { BacktestEvent } from "../core/protocol/backtest.ts";
import { decodeEventBatch, type PackedEvents } from "../core/protocol/event-batch.ts";

/** Events kept per run: replay of a huge run starts at its most recent 200k events. */
export const MAX_EVENTS_PER_RUN = 200_000;
/** Runs whose event logs are kept; older runs keep their results but lose their logs. */
export const MAX_RUNS_WITH_EVENTS = 20;

export type RunStatus = "running" | "complete" | "error" | "cancelled";

/** One run in the history (the full result once complete). */
export interface RunRecord {
  backtest_id: string;
  name: string;
  created_at: number;
  status: RunStatus;
  symbol: string;
  timeframe: string;
  strategy: string;
  variant: string;
  /** The session config the run was started with (JSON text), to re-run or open it. */
  config: string;
  result?: BacktestResult;
  error?: string;
  /** Events stored for this run (after trimming). */
  events_stored: number;
}

/** One posted batch of events, stored as it travelled: packed, or (stored by earlier versions) JSON text. */
interface EventBatch {
  backtest_id: string;
  first_seq: number;
  count: number;
  packed?: PackedEvents;
  json?: string;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { by_created: number } };
  events: { key: [string, number]; value: EventBatch; indexes: { by_run: string } };
}

const DB_NAME = "pipscope-runs";

let opening: Promise<IDBPDatabase<RunsDb>> | undefined;

/** The run-history database (its own, so other stores' upgrades never touch it). */
export function runsDb(): Promise<IDBPDatabase<RunsDb>> {
  opening ??= openDB<RunsDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("runs", { keyPath: "backtest_id" }).createIndex("by_created", "created_at");
      db.createObjectStore("events", { keyPath: ["backtest_id", "first_seq"] }).createIndex("by_run", "backtest_id");
    },
  });
  return opening;
}

export async function putRun(run: RunRecord): Promise<void> {
  await (await runsDb()).put("runs", run);
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return (await runsDb()).get("runs", id);
}

/** Runs, newest first. */
export async function listRuns(): Promise<RunRecord[]> {
  return (await (await runsDb()).getAllFromIndex("runs", "by_created")).reverse();
}

export async function renameRun(id: string, name: string): Promise<void> {
  const db = await runsDb();
  const tx = db.transaction("runs", "readwrite");
  const run = await tx.store.get(id);
  if (run) await tx.store.put({ ...run, name });
  await tx.done;
}

export async function deleteRun(id: string): Promise<void> {
  const db = await runsDb();
  const tx = db.transaction(["runs", "events"], "readwrite");
  await tx.objectStore("runs").delete(id);
  await tx.objectStore("events").delete(IDBKeyRange.bound([id, 0], [id, Number.POSITIVE_INFINITY]));
  await tx.done;
}

/**
 * Appends a batch to a run's event log, dropping its oldest batches beyond MAX_EVENTS_PER_RUN.
 * `packed` is the batch as posted on the BroadcastChannel.
 */
export async function appendEvents(id: string, packed: PackedEvents): Promise<void> {
  const db = await runsDb();
  const tx = db.transaction(["events", "runs"], "readwrite");
  const { first_seq, count } = packed;
  await tx.objectStore("events").put({ backtest_id: id, first_seq, count, packed });
  const run = await tx.objectStore("runs").get(id);
  if (run) {
    let stored = run.events_stored + count;
    if (stored > MAX_EVENTS_PER_RUN) {
      let cursor = await tx
        .objectStore("events")
        .openCursor(IDBKeyRange.bound([id, 0], [id, Number.POSITIVE_INFINITY]));
      while (cursor && stored > MAX_EVENTS_PER_RUN) {
        stored -= cursor.value.count;
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.objectStore("runs").put({ ...run, events_stored: stored });
  }
  await tx.done;
}

/** Every stored event of a run, in order. */
export async function readEvents(id: string): Promise<BacktestEvent[]> {
  const batches = await (await runsDb()).getAll("events", IDBKeyRange.bound([id, 0], [id, Number.POSITIVE_INFINITY]));
  return batches.flatMap((batch) => decodeEventBatch(batch.packed ?? batch.json ?? "[]"));
}

/** Drops the event logs of all but the newest MAX_RUNS_WITH_EVENTS runs (their results stay). */
export async function evictOldEventLogs(keep = MAX_RUNS_WITH_EVENTS): Promise<void> {
  const runs = await listRuns();
  for (const run of runs.slice(keep)) {
    if (run.events_stored === 0) continue;
    const db = await runsDb();
    const tx = db.transaction(["events", "runs"], "readwrite");
    await tx
      .objectStore("events")
      .delete(IDBKeyRange.bound([run.backtest_id, 0], [run.backtest_id, Number.POSITIVE_INFINITY]));
    await tx.objectStore("runs").put({ ...run, events_stored: 0 });
    await tx.done;
  }
}
