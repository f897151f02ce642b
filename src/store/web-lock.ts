import type { WriteLock, WriteLockGrant, WriteLockListener } from "./write-lock.ts";

/** The Web Lock every tab's data worker takes around its writes to the cache. */
const LOCK_NAME = "pipscope-cache-write";

/**
 * The browser's write lock: a Web Lock (`navigator.locks`), shared by every tab and worker of the
 * origin, so two tabs importing or recording at once take turns. The browser releases it when its
 * holder's tab closes or crashes; what such a tab left half-written (files its catalog never
 * named) is removed by the next store that opens while the lock is free.
 */
export function webWriteLock(listener?: WriteLockListener): WriteLock {
  const grant: WriteLockGrant = { recovered: false };
  async function holdIfFree<T>(work: (grant: WriteLockGrant) => Promise<T>): Promise<{ value: T } | undefined> {
    return navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? { value: await work(grant) } : undefined,
    );
  }
  return {
    async hold(work) {
      const now = await holdIfFree(work);
      if (now) return now.value;
      const since = Date.now();
      listener?.({ kind: "waiting", holder: "another Pipscope tab" });
      return navigator.locks.request(LOCK_NAME, async () => {
        listener?.({ kind: "granted", waitedMs: Date.now() - since });
        return work(grant);
      });
    },
    async holdIfFree(work) {
      return (await holdIfFree(work))?.value;
    },
  };
}
