import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeDuckDB } from "../../../src/store/duckdb/node.ts";
import { sqlString } from "../../../src/store/duckdb/sql-text.ts";
import { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";
import { helloClient, startRelayProcess } from "./harness.ts";

const PIPSCOPE = ["bin/pipscope.mjs", "relay"];
const T0 = Date.UTC(2024, 5, 10, 12);

describe("pipscope relay over the data store", () => {
  let dir: string;
  let parquet: string;
  let cache: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pipscope-relay-"));
    parquet = join(dir, "EURUSD-ticks.parquet");
    const sql = await openNodeDuckDB(dir);
    sql.run(
      `COPY (SELECT * FROM (VALUES (${T0}::BIGINT, 1.08, 1.0802), (${T0 + 100}::BIGINT, 1.08001, 1.08021), (${T0 + 200}::BIGINT, 1.08003, 1.08023)) AS t(time, bid, ask)) TO ${sqlString(parquet)} (FORMAT parquet)`,
    );
    cache = join(dir, "cache");
    const store = await MarketStore.open(await openNodeHost(cache));
    const time = Float64Array.of(T0, T0 + 50, T0 + 120);
    await store.appendTicks("GBPUSD", {
      length: 3,
      time,
      bid: Float64Array.of(1.27, 1.27004, 1.27002),
      ask: Float64Array.of(1.2701, 1.27014, 1.27012),
      last: Float64Array.of(Number.NaN, Number.NaN, Number.NaN),
      volume: new Float64Array(3),
      flags: Int32Array.of(6, 2, 2),
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("replays a Parquet file of ticks as the symbol named", async () => {
    const relay = await startRelayProcess(
      ["--source", `replay:${parquet}`, "--symbols", "EURUSD", "--speed", "10"],
      {},
      PIPSCOPE,
    );
    expect(relay.logs.find((l) => l.event === "listening")).toMatchObject({ symbols: ["EURUSD"] });
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["*"] });
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= 3, 5000);
    expect(client.ticks().map((t) => t.data.bid)).toEqual(expect.arrayContaining([1.08, 1.08001, 1.08003]));
    await client.close();
    expect(await relay.stop()).toBe(0);
  });

  it("replays the cached ticks of --data-dir", async () => {
    const relay = await startRelayProcess(
      ["--source", "replay:cache", "--data-dir", cache, "--speed", "10"],
      {},
      PIPSCOPE,
    );
    expect(relay.logs.find((l) => l.event === "listening")).toMatchObject({
      source: "replay:cache",
      symbols: ["GBPUSD"],
    });
    const client = await helloClient(relay);
    client.send({ type: "subscribe", symbols: ["GBPUSD"] });
    await client.until((frames) => frames.filter((f) => f.type === "tick").length >= 3, 5000);
    expect(client.ticks().map((t) => t.data.bid)).toEqual(expect.arrayContaining([1.27, 1.27004, 1.27002]));
    await client.close();
    expect(await relay.stop()).toBe(0);
  });

  it("says when the cache holds no ticks of the symbols asked for", async () => {
    await expect(
      startRelayProcess(["--source", "replay:cache", "--data-dir", cache, "--symbols", "USDJPY"], {}, PIPSCOPE),
    ).rejects.toThrow(
      `exited with 2:\npipscope: (field --source, at ${cache}): the cache at ${cache} holds no ticks of USDJPY: import some with \`pipscope import\``,
    );
  });

  it("sends the bare relay entry's user to pipscope relay for Parquet and the cache", async () => {
    await expect(startRelayProcess(["--source", "replay:cache"])).rejects.toThrow(
      "exited with 2:\nrelay: (field --source): Parquet files and the cache are read through Pipscope's data store: start this source with `npx pipscope relay`",
    );
  });
});
