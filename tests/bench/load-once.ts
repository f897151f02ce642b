/**
 * One fresh process's first read of the million-bar dataset, and DuckDB's start-up apart from it
 * (issue 15 §3): `node --import tsx tests/bench/load-once.ts <data-dir> <dataset>` prints
 * `{ rows, loadMs, duckdbMs }`. The store opens first (catalog, lock): the read is timed alone.
 */

import { openNodeDuckDB } from "../../src/store/duckdb/node.ts";
import { MarketStore } from "../../src/store/market-store.ts";
import { openNodeHost } from "../../src/store/node-host.ts";

const [dataDir, dataset] = process.argv.slice(2);
const store = await MarketStore.open(await openNodeHost(dataDir));
let started = performance.now();
const { rows } = await store.bars("EURUSD", "M1", 0, Date.UTC(2100, 0, 1), 0, dataset);
const loadMs = performance.now() - started;
started = performance.now();
const engine = await openNodeDuckDB(dataDir);
engine.run("SELECT 1");
const duckdbMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ rows: rows.length, loadMs, duckdbMs })}\n`);
