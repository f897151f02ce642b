import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SAMPLE, syntheticBars, syntheticTicks } from "../../../src/core/data/synthetic.ts";
import type { MarketStore, SampleProgress } from "../../../src/store/market-store.ts";
import { freshStore, snapshot, textFile } from "./helpers.ts";

describe("the default sample", () => {
  let store: MarketStore;
  let root: string;
  const progress: SampleProgress[] = [];

  beforeAll(async () => {
    ({ store, root } = await freshStore());
    expect(store.wantsSample).toBe(true);
    await store.createSample((p) => progress.push(p));
  }, 120_000);

  it("has fixed ranges, not relative to today: bars Nov 2024 → Oct 2026, ticks October 2026", () => {
    expect(DEFAULT_SAMPLE.bars).toEqual({ from: Date.parse("2024-11-01T00:00Z"), to: Date.parse("2026-11-01T00:00Z") });
    expect(DEFAULT_SAMPLE.ticks).toEqual({
      from: Date.parse("2026-10-01T00:00Z"),
      to: Date.parse("2026-11-01T00:00Z"),
    });
  });

  it("caches M1 of EURUSD, GBPUSD, USDJPY and EURUSD ticks, labelled synthetic", () => {
    const listed = store.list().map((d) => ({ id: d.id, first: d.first, last: d.last, synthetic: d.synthetic }));
    // 1 Nov 2024 is a Friday: the FX day of Friday opened Thursday 17:00 New York, so 00:00 UTC trades.
    // The last FX day closes Friday 30 Oct 2026 17:00 New York (EDT) = 21:00 UTC: last M1 bar 20:59.
    const firstBar = Date.parse("2024-11-01T00:00Z");
    const lastBar = Date.parse("2026-10-30T20:59Z");
    expect(listed).toEqual([
      { id: "EURUSD/bars/M1/sample", first: firstBar, last: lastBar, synthetic: true },
      {
        id: "EURUSD/ticks/tick/sample",
        first: expect.any(Number),
        last: expect.any(Number),
        synthetic: true,
      },
      { id: "GBPUSD/bars/M1/sample", first: firstBar, last: lastBar, synthetic: true },
      { id: "USDJPY/bars/M1/sample", first: firstBar, last: lastBar, synthetic: true },
    ]);
    const ticks = listed[1];
    expect(ticks.first).toBeGreaterThanOrEqual(Date.parse("2026-10-01T00:00Z"));
    expect(ticks.first).toBeLessThan(Date.parse("2026-10-01T00:01Z"));
    expect(ticks.last).toBeGreaterThanOrEqual(Date.parse("2026-10-30T20:59Z"));
    expect(ticks.last).toBeLessThan(Date.parse("2026-10-30T21:00Z"));
  });

  it("reports progress per dataset, ending at 1", () => {
    expect(progress.at(-1)).toEqual({ dataset: "", step: 4, steps: 4, fraction: 1 });
    expect([...new Set(progress.map((p) => p.dataset).filter(Boolean))]).toEqual([
      "EURUSD/bars/M1/sample",
      "GBPUSD/bars/M1/sample",
      "USDJPY/bars/M1/sample",
      "EURUSD/ticks/tick/sample",
    ]);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it("holds exactly the generator's rows (the same on every machine)", async () => {
    const from = Date.parse("2025-03-10T00:00Z");
    const to = Date.parse("2025-03-11T00:00Z");
    const cached = await store.bars("GBPUSD", "M1", from, to);
    const generated = syntheticBars("GBPUSD", from, to);
    expect(cached.rows.length).toBe(generated.length);
    expect(Array.from(cached.rows.time)).toEqual(Array.from(generated.time));
    expect(Array.from(cached.rows.close)).toEqual(Array.from(generated.close));
    const tickFrom = Date.parse("2026-10-14T12:00Z");
    const tickTo = Date.parse("2026-10-14T12:05Z");
    const ticks = await store.ticks("EURUSD", tickFrom, tickTo);
    const expected = syntheticTicks("EURUSD", tickFrom, tickTo);
    expect(Array.from(ticks.rows.time)).toEqual(Array.from(expected.time));
    expect(Array.from(ticks.rows.ask)).toEqual(Array.from(expected.ask));
  });

  it("is not generated again when the cache already holds it", async () => {
    const before = await snapshot(root);
    const started = performance.now();
    const again = await store.createSample();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(again.map((d) => d.id)).toEqual([
      "EURUSD/bars/M1/sample",
      "GBPUSD/bars/M1/sample",
      "USDJPY/bars/M1/sample",
      "EURUSD/ticks/tick/sample",
    ]);
    const after = await snapshot(root);
    delete before["catalog.json"]; // only sampleCreatedAt changes
    delete after["catalog.json"];
    expect(after).toEqual(before);
    expect(store.wantsSample).toBe(false);
  });

  it("issue 14: an import of the same symbol stays apart from the sample, which keeps its SYNTHETIC label", async () => {
    const text =
      "20170102 020000;1.051550;1.051970;1.051550;1.051900;0\n20170102 020100;1.051900;1.052000;1.051800;1.051850;0\n";
    const result = await store.importFile(textFile("DAT_ASCII_EURUSD_M1_2017.csv", text));
    expect(result.dataset).toMatchObject({ id: "EURUSD/bars/M1/dat_ascii_eurusd_m1_2017", rows: 2, synthetic: false });
    const sample = store.list().find((d) => d.id === "EURUSD/bars/M1/sample");
    expect(sample).toMatchObject({ synthetic: true, first: Date.parse("2024-11-01T00:00Z"), quality: 100 });
    // Each read takes the dataset that holds its range, and says where its rows came from.
    const recent = await store.bars("EURUSD", "H1", Date.parse("2025-01-06T00:00Z"), Date.parse("2025-01-07T00:00Z"));
    expect(recent.origin).toMatchObject({
      dataset: "EURUSD/bars/M1/sample",
      synthetic: true,
      resampledFrom: "M1",
      alternatives: ["dat_ascii_eurusd_m1_2017"],
    });
    expect(recent.label).toMatch(/SYNTHETIC/);
    const old = await store.bars("EURUSD", "M1", Date.parse("2017-01-02T00:00Z"), Date.parse("2017-01-03T00:00Z"));
    expect(old.origin).toMatchObject({ dataset: "EURUSD/bars/M1/dat_ascii_eurusd_m1_2017", synthetic: false });
    expect(old.rows.length).toBe(2);
  });
});
