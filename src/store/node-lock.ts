import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import type { WriteLock, WriteLockGrant, WriteLockListener } from "./write-lock.ts";

// Required at run time, never bundled: the native addon finds its prebuilt binary beside its own
// package files, so a bundle of the CLI must leave it in node_modules.
const { tryLock, unlock } = createRequire(import.meta.url)(
  "fs-native-extensions",
) as typeof import("fs-native-extensions");

/** How often a waiting process tries the lock again: quickly at first, then every quarter second. */
const FIRST_RETRY_MS = 20;
const LAST_RETRY_MS = 250;

/** What the holder writes into the lock file while it holds the lock, and clears on release. */
interface HolderRecord {
  pid: number;
  command: string;
  since: number;
}

function parseRecord(text: string): HolderRecord | undefined {
  if (text.trim() === "") return undefined;
  try {
    const value = JSON.parse(text) as Partial<HolderRecord>;
    if (typeof value.pid === "number" && typeof value.since === "number")
      return { pid: value.pid, command: String(value.command ?? ""), since: value.since };
  } catch {
    // a torn record (killed while writing it) still means a holder that did not release
  }
  return { pid: 0, command: "", since: Number.NaN };
}

function describeHolder(record: HolderRecord | undefined): string {
  if (!record || record.pid === 0) return "another process";
  const since = Number.isFinite(record.since) ? `, since ${new Date(record.since).toISOString()}` : "";
  return `process ${record.pid} (pipscope ${record.command}${since})`;
}

/**
 * The CLI's write lock: an OS lock on `path` (an open-file-description lock on Linux, `flock` on
 * macOS, `LockFileEx` on Windows, through fs-native-extensions). The kernel drops it the moment
 * its holder exits, however it exits, so a `kill -9` never leaves the cache locked, and no
 * heartbeat has to run while DuckDB blocks the event loop. The holder writes who it is into the
 * file and clears it on release; a record still there when the lock is taken means the last
 * holder died holding it, so the taker knows to clean up after it (and says so).
 * Waiting polls (`tryLock`) rather than blocking a libuv thread, which the holder in the same
 * process may need for its file work.
 */
export function nodeWriteLock(path: string, listener?: WriteLockListener): WriteLock {
  async function take<T>(wait: boolean, work: (grant: WriteLockGrant) => Promise<T>): Promise<T | undefined> {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT).catch((error: NodeJS.ErrnoException) => {
      // A cache on read-only storage is read, never written: there is nothing to tidy up in it.
      if (!wait && (error.code === "EROFS" || error.code === "EACCES" || error.code === "EPERM")) return undefined;
      throw error;
    });
    if (!handle) return undefined;
    try {
      let waitingSince: number | undefined;
      for (let delay = FIRST_RETRY_MS; !tryLock(handle.fd); delay = Math.min(2 * delay, LAST_RETRY_MS)) {
        if (!wait) return undefined;
        if (waitingSince === undefined) {
          waitingSince = Date.now();
          const holder = parseRecord(await readFile(path, "utf8").catch(() => ""));
          listener?.({ kind: "waiting", holder: describeHolder(holder) });
        }
        await sleep(delay);
      }
      if (waitingSince !== undefined) listener?.({ kind: "granted", waitedMs: Date.now() - waitingSince });
      try {
        const previous = parseRecord(await readFile(path, "utf8"));
        if (previous) listener?.({ kind: "recovered", holder: describeHolder(previous) });
        const mine: HolderRecord = { pid: process.pid, command: process.argv.slice(2).join(" "), since: Date.now() };
        await handle.truncate(0);
        await handle.write(JSON.stringify(mine), 0);
        return await work({ recovered: previous !== undefined });
      } finally {
        // Cleared whether the work succeeded or failed: a live holder cleans up after itself.
        await handle.truncate(0).catch(() => undefined);
        unlock(handle.fd);
      }
    } finally {
      await handle.close();
    }
  }
  return {
    hold<T>(work: (grant: WriteLockGrant) => Promise<T>) {
      return take(true, work) as Promise<T>;
    },
    holdIfFree: (work) => take(false, work),
  };
}
