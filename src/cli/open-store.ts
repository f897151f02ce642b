import type { StoreHost } from "../store/host.ts";
import { MarketStore } from "../store/market-store.ts";
import { openNodeHost } from "../store/node-host.ts";
import { describeLockNotice } from "../store/write-lock.ts";
import type { CliIo } from "./command.ts";

/**
 * The CLI's host of the cache at `dataDir`; its write lock says on stderr when the command waits
 * for another pipscope process, or takes over from one that was killed while writing.
 */
export function openCliHost(dataDir: string, io: CliIo): Promise<StoreHost> {
  return openNodeHost(dataDir, {
    onLockNotice: (notice) => io.stderr.write(`${describeLockNotice(notice, dataDir)}\n`),
  });
}

/**
 * The CLI's market-data cache at `dataDir` (`.pipscope/` by default). On first start — no catalog
 * yet — it creates the synthetic sample, with progress on stderr, so every command has data on a
 * fresh machine (SPEC §3).
 */
export async function openCliStore(dataDir: string, io: CliIo): Promise<MarketStore> {
  const store = await MarketStore.open(await openCliHost(dataDir, io));
  if (store.wantsSample) {
    io.stderr.write(`first start: creating the synthetic sample in ${dataDir} (labelled synthetic)…\n`);
    let shown = -1;
    await store.createSample(({ fraction, dataset }) => {
      const percent = Math.floor(fraction * 100);
      if (percent >= shown + 10) {
        shown = percent;
        io.stderr.write(`  ${String(percent).padStart(3)}% ${dataset}\n`);
      }
    });
  }
  return store;
}
