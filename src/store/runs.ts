import { type DBSchema, type IDBPDatabase, type IDBPObjectStore, openDB } from "idb";
import type { BacktestResult } from "../core/engine/backtest.ts";
import type { BacktestEvent } from "../core/protocol/backtest.ts";
import { decodeEventBatch, type PackedEvents, packResult, unpackResult } from "../core/protocol/event-batch.ts";

/** Events kept per run: replay of a huge run starts at its most recent 200k events. */
export const MAX_EVENTS_PER_RUN = 200_000;
/** Runs whose event logs are kept; older runs keep their results but lose their logs. */
export const MAX_RUNS_WITH_EVENTS = 20;

export type RunStatus = "running" | "complete" | "error" | "cancelled";

/** What the history shows of a finished run without reading its result. */
export interface RunSummary {
  trades: number;
  net_profit: number;
  return_pct: number;
  currency: string;
  end_reason: BacktestResult["end_reason"];
}

/** One run in the history; a complete run's result is stored beside it (`getResult`). */
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
  /** Set once the run is complete and its result stored. */
  summary?: RunSummary;
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

/** A complete run's result, packed as `backtest_complete` carries it (its trades as figures). */
interface StoredResult {
  backtest_id: string;
  packed: PackedEvents;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { by_created: number } };
  events: { key: [string, number]; value: EventBatch; indexes: { by_run: string } };
  results: { key: string; value: StoredResult };
}

const DB_NAME = "pipscope-runs";

let opening: Promise<IDBPDatabase<RunsDb>> | undefined;

/** The run-history database (its own, so other stores' upgrades never touch it). */
export function runsDb(): Promise<IDBPDatabase<RunsDb>> {
  opening ??= openDB<RunsDb>(DB_NAME, 2, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore("runs", { keyPath: "backtest_id" }).createIndex("by_created", "created_at");
        db.createObjectStore("events", { keyPath: ["backtest_id", "first_seq"] }).createIndex("by_run", "backtest_id");
      }
      if (oldVersion < 2) {
        // Version 1 kept each result inside its run record, so listing the history read them all.
        const results = db.createObjectStore("results", { keyPath: "backtest_id" });
        for (let cursor = await tx.objectStore("runs").openCursor(); cursor; cursor = await cursor.continue()) {
          const { result, ...run } = cursor.value as RunRecord & { result?: BacktestResult };
          if (!result) continue;
          await results.put({ backtest_id: run.backtest_id, packed: packResult(result) });
          await cursor.update({ ...run, summary: summaryOf(result) });
        }
      }
    },
  });
  return opening;
}

function summaryOf(result: BacktestResult): RunSummary {
  const { metrics, account, end_reason } = result;
  return {
    trades: metrics.trades,
    net_profit: metrics.net_profit,
    return_pct: metrics.return_pct,
    currency: account.currency,
    end_reason,
  };
}

/** Stores a run's record: when it starts, fails, is cancelled or interrupted, is renamed. */
export async function putRun(run: RunRecord): Promise<void> {
  await (await runsDb()).put("runs", run);
}

/**
 * Records `run` complete with its result, and its last batch of events if given, in one
 * transaction: a reload at any moment finds the run either still running or complete with its
 * result and every event — never complete without them.
 */
export async function completeRun(run: RunRecord, result: BacktestResult, lastBatch?: PackedEvents): Promise<void> {
  const packed = packResult(result); // before the transaction, which commits once it waits on nothing
  const db = await runsDb();
  const tx = db.transaction(["runs", "results", "events"], "readwrite");
  const stored = await tx.objectStore("runs").get(run.backtest_id);
  let events = stored?.events_stored ?? run.events_stored;
  if (lastBatch) events = await append(tx.objectStore("events"), run.backtest_id, lastBatch, events);
  await tx.objectStore("results").put({ backtest_id: run.backtest_id, packed });
  await tx.objectStore("runs").put({ ...run, status: "complete", summary: summaryOf(result), events_stored: events });
  await tx.done;
}

/** Keeps a result that did not run here (an opened file, a shared link) in the history, as if it had. */
export function keepResult(id: string, name: string, result: BacktestResult, config = ""): Promise<void> {
  return completeRun(
    {
      backtest_id: id,
      name,
      created_at: Date.now(),
      status: "complete",
      symbol: result.symbol,
      timeframe: result.timeframe,
      strategy: result.strategy.id,
      variant: result.variant,
      config,
      events_stored: 0,
    },
    result,
  );
}

/** A complete run's result; undefined when none is stored under `id`. */
export async function getResult(id: string): Promise<BacktestResult | undefined> {
  const stored = await (await runsDb()).get("results", id);
  return stored && unpackResult(stored.packed);
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
  const tx = db.transaction(["runs", "events", "results"], "readwrite");
  await tx.objectStore("runs").delete(id);
  await tx.objectStore("results").delete(id);
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
  const run = await tx.objectStore("runs").get(id);
  const stored = await append(tx.objectStore("events"), id, packed, run?.events_stored ?? 0);
  if (run) await tx.objectStore("runs").put({ ...run, events_stored: stored });
  await tx.done;
}

/** Puts a batch in a run's log, drops its oldest batches beyond MAX_EVENTS_PER_RUN; the events kept after. */
async function append(
  events: IDBPObjectStore<RunsDb, ("events" | "runs" | "results")[], "events", "readwrite">,
  id: string,
  packed: PackedEvents,
  storedBefore: number,
): Promise<number> {
  const { first_seq, count } = packed;
  await events.put({ backtest_id: id, first_seq, count, packed });
  let stored = storedBefore + count;
  if (stored > MAX_EVENTS_PER_RUN) {
    let cursor = await events.openCursor(IDBKeyRange.bound([id, 0], [id, Number.POSITIVE_INFINITY]));
    while (cursor && stored > MAX_EVENTS_PER_RUN) {
      stored -= cursor.value.count;
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  return stored;
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
