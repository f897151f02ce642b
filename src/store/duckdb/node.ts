import { createRequire } from "node:module";
import * as duckdb from "@duckdb/duckdb-wasm/blocking";
import { SqlEngine } from "./engine.ts";
import { sqlString } from "./sql-text.ts";

/**
 * Starts DuckDB-WASM's Node build (the same package and SQL as the browser's data worker).
 * `SET home_directory` is required in Node: DuckDB otherwise fails to resolve `~` for its
 * extension and secret directories on first use.
 * @param homeDirectory any writable directory (the CLI's data directory).
 */
export async function openNodeDuckDB(homeDirectory: string): Promise<SqlEngine> {
  const require = createRequire(import.meta.url);
  const wasm = (name: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${name}`);
  // The package's types follow its browser build; under Node the same entry exports NODE_RUNTIME.
  const { NODE_RUNTIME } = duckdb as unknown as { NODE_RUNTIME: duckdb.DuckDBRuntime };
  const bindings = await duckdb.createDuckDB(
    {
      mvp: { mainModule: wasm("duckdb-mvp.wasm"), mainWorker: "" },
      eh: { mainModule: wasm("duckdb-eh.wasm"), mainWorker: "" },
    },
    new duckdb.VoidLogger(),
    NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  const engine = new SqlEngine(bindings);
  engine.run(`SET home_directory=${sqlString(homeDirectory)}`);
  return engine;
}
