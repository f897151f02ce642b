import { describe, expect, it } from "vitest";
import { DEFAULT_INSTRUMENTS, instrumentFor, instrumentSchema } from "../../../src/core/data/instruments.ts";
import { PipscopeError } from "../../../src/core/errors.ts";

describe("instrumentFor", () => {
  it("knows the majors, gold and the US 500 with their pip sizes", () => {
    expect(DEFAULT_INSTRUMENTS.map((i) => i.symbol)).toEqual([
      "EURUSD",
      "GBPUSD",
      "USDJPY",
      "AUDUSD",
      "USDCHF",
      "USDCAD",
      "NZDUSD",
      "XAUUSD",
      "US500",
    ]);
    expect(instrumentFor("eurusd")).toMatchObject({ digits: 5, point: 0.00001, pipSize: 0.0001, quoteCurrency: "USD" });
    expect(instrumentFor("USDJPY")).toMatchObject({ digits: 3, point: 0.001, pipSize: 0.01, baseCurrency: "USD" });
    expect(instrumentFor("XAUUSD")).toMatchObject({ pipSize: 0.1, contractSize: 100 });
    expect(instrumentFor("US500")).toMatchObject({ exchangeGroup: "US_EQUITY", assetClass: "EQUITY" });
  });

  it("lets an edited instrument win over the default, and returns copies", () => {
    const edited = { ...instrumentFor("EURUSD"), commissionPerLot: 3.5 };
    expect(instrumentFor("EURUSD", [edited]).commissionPerLot).toBe(3.5);
    instrumentFor("EURUSD").digits = 2;
    expect(instrumentFor("EURUSD").digits).toBe(5);
  });

  it("names the built-in symbols when it does not know one", () => {
    expect(() => instrumentFor("BTCUSD")).toThrow(PipscopeError);
    expect(() => instrumentFor("BTCUSD")).toThrow(/built-in ones are EURUSD, GBPUSD/);
  });

  it("validates every default against the stored schema and rejects a bad edit", () => {
    for (const instrument of DEFAULT_INSTRUMENTS) expect(instrumentSchema.parse(instrument)).toEqual(instrument);
    expect(instrumentSchema.safeParse({ ...instrumentFor("EURUSD"), point: 0 }).success).toBe(false);
  });
});
