/**
 * What a write lock says while it is taken: someone else holds it (the caller waits), it was
 * granted after a wait, or it was taken over from a holder that ended without releasing it.
 * `holder` names the other party for people: "process 4242 (pipscope import a.csv)", "another tab".
 */
export type WriteLockNotice =
  | { kind: "waiting"; holder: string }
  | { kind: "granted"; waitedMs: number }
  | { kind: "recovered"; holder: string };

/** How a hold began: `recovered` when the last holder crashed or was killed while holding it. */
export interface WriteLockGrant {
  recovered: boolean;
}

/**
 * One writer per cache, across processes (the CLI) or tabs (the browser). Whoever holds it may
 * write partitions, change the catalog and delete files; readers never take it.
 */
export interface WriteLock {
  /** Runs `work` holding the lock, waiting for it first while another process or tab holds it. */
  hold<T>(work: (grant: WriteLockGrant) => Promise<T>): Promise<T>;
  /** Runs `work` holding the lock if it is free now; resolves undefined, without running it, if not. */
  holdIfFree<T>(work: (grant: WriteLockGrant) => Promise<T>): Promise<T | undefined>;
}

/** Listens to a write lock's notices (the CLI prints them on stderr, the Data page shows waiting). */
export type WriteLockListener = (notice: WriteLockNotice) => void;

/** A notice as one line for people, e.g. on the CLI's stderr. */
export function describeLockNotice(notice: WriteLockNotice, location: string): string {
  switch (notice.kind) {
    case "waiting":
      return `waiting for ${notice.holder} to finish writing to ${location}…`;
    case "granted":
      return `${location} is free after ${(notice.waitedMs / 1000).toFixed(1)} s; going on`;
    case "recovered":
      return `${notice.holder} ended without releasing the write lock of ${location} (crashed or killed): taking it over and removing the files it left half-written; nothing it had stored is lost`;
  }
}
