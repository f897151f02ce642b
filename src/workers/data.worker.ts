import { expose, transfer } from "comlink";
import type { BarColumns, TickColumns } from "../core/data/types.ts";
import { openBrowserHost } from "../store/browser-host.ts";
import { MarketStore } from "../store/market-store.ts";
import { dataApi, onWriteLockNotice, provideMarketStore, provideServer } from "./data-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

registerErrorTransfer();
provideMarketStore(async () => MarketStore.open(await openBrowserHost({ onLockNotice: onWriteLockNotice })), true);

/** The column buffers of a query result: transferred, not copied (each column owns its buffer). */
function buffers(rows: BarColumns | TickColumns): ArrayBuffer[] {
  return Object.values(rows)
    .filter((v): v is Float64Array | Int32Array => ArrayBuffer.isView(v))
    .map((column) => column.buffer as ArrayBuffer);
}

const api: typeof dataApi = {
  ...dataApi,
  async bars(...args) {
    const loaded = await dataApi.bars(...args);
    return transfer(loaded, buffers(loaded.rows));
  },
  async ticks(...args) {
    const loaded = await dataApi.ticks(...args);
    return transfer(loaded, buffers(loaded.rows));
  },
};
provideServer((port) => expose(api, port));
expose(api);
