import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from "@duckdb/duckdb-wasm/blocking";
import ehModule from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import { SqlEngine } from "./engine.ts";

/**
 * Starts DuckDB-WASM's blocking browser build inside the calling worker (our comlink data
 * worker: no second worker, queries run synchronously there). Vite serves the .wasm modules by
 * URL and the service worker precaches it, so DuckDB starts offline. Only the single-threaded
 * build with WebAssembly exceptions is offered: no COI bundle (our resampling relies on scans in
 * file order), and no MVP fallback (22 MB more to precache for browsers older than Chrome 95,
 * Firefox 100 and Safari 15.2, which lack wasm exceptions).
 */
export async function openBrowserDuckDB(): Promise<SqlEngine> {
  const bindings = await createDuckDB(
    { mvp: { mainModule: ehModule, mainWorker: "" }, eh: { mainModule: ehModule, mainWorker: "" } },
    new VoidLogger(),
    BROWSER_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  return new SqlEngine(bindings);
}
