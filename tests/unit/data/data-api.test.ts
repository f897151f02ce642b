import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instrumentFor } from "../../../src/core/data/instruments.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";
import { dataApi, onWriteLockNotice, provideMarketStore } from "../../../src/workers/data-api.ts";

async function freshDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), "pipscope-data-api-"));
}

describe("the data worker's API", () => {
  it("says the first-start sample is running from the first question, then done with four datasets", async () => {
    const dir = await freshDirectory();
    provideMarketStore(async () => MarketStore.open(await openNodeHost(dir)), true);
    expect((await dataApi.sampleStatus()).state).toBe("running");
    let status = await dataApi.sampleStatus();
    while (status.state === "running") {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await dataApi.sampleStatus();
    }
    expect(status).toMatchObject({ state: "done", error: null, progress: { fraction: 1 } });
    expect((await dataApi.datasets()).map((d) => d.id)).toEqual([
      "EURUSD/bars/M1/sample",
      "EURUSD/ticks/tick/sample",
      "GBPUSD/bars/M1/sample",
      "USDJPY/bars/M1/sample",
    ]);
  }, 120_000);

  it("says while a write waits for another writer's lock, and stops saying it once it has the lock", async () => {
    const dir = await freshDirectory();
    const other = await openNodeHost(dir);
    let release = () => {};
    await new Promise<void>((held) => {
      void other.writeLock.hold(
        () =>
          new Promise<void>((done) => {
            release = done;
            held();
          }),
      );
    });
    provideMarketStore(
      async () => MarketStore.open(await openNodeHost(dir, { onLockNotice: onWriteLockNotice })),
      false,
    );
    const saving = dataApi.saveInstrument(instrumentFor("EURUSD"));
    while (!dataApi.writeLockStatus().waiting) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(dataApi.writeLockStatus().holder).toMatch(new RegExp(`^process ${process.pid} \\(pipscope .*, since 20`));
    expect(await dataApi.instruments()).not.toContainEqual(expect.objectContaining({ commissionPerLot: 3.5 }));
    release();
    await saving;
    expect(dataApi.writeLockStatus()).toEqual({ waiting: false, holder: null, since: null });
  });

  it("stays idle when the cache is not new", async () => {
    const dir = await freshDirectory();
    await (await MarketStore.open(await openNodeHost(dir))).saveInstrument(instrumentFor("EURUSD"));
    provideMarketStore(async () => MarketStore.open(await openNodeHost(dir)), true);
    expect(await dataApi.sampleStatus()).toEqual({ state: "idle", progress: null, error: null });
  });

  it("stores an edited instrument over the default, and refuses a bad one naming the field", async () => {
    const dir = await freshDirectory();
    provideMarketStore(async () => MarketStore.open(await openNodeHost(dir)), false);
    const edited = { ...instrumentFor("EURUSD"), commissionPerLot: 3.5, swapLong: -7.2 };
    await dataApi.saveInstrument(edited);
    await dataApi.saveInstrument({ ...instrumentFor("EURUSD"), symbol: "EURUSD.R" });
    const listed = await dataApi.instruments();
    expect(listed.find((i) => i.symbol === "EURUSD")).toEqual(edited);
    expect(listed.find((i) => i.symbol === "EURUSD.R")?.digits).toBe(5);
    expect(listed.find((i) => i.symbol === "GBPUSD")).toEqual(instrumentFor("GBPUSD"));

    // Reopened (a reload): the edit is still there.
    provideMarketStore(async () => MarketStore.open(await openNodeHost(dir)), false);
    expect((await dataApi.instruments()).find((i) => i.symbol === "EURUSD")?.commissionPerLot).toBe(3.5);

    const error = await dataApi.saveInstrument({ ...edited, pipSize: Number.NaN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipscopeError);
    expect((error as PipscopeError).code).toBe("DATA_BAD_INSTRUMENT");
    expect((error as PipscopeError).where).toEqual({ field: "pipSize" });
  });
});
