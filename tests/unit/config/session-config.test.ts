import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { sessionConfigJsonSchema } from "../../../src/core/config/json-schema.ts";

const minimal = {
  session_name: "t",
  mode: "backtest",
  backtest_config: { start_date: "2024-01-01", end_date: "2024-02-01" },
  session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"] },
  strategy: { id: "ma_cross" },
};
const load = (value: unknown) => loadSessionConfig(JSON.stringify(value, null, 2), "t.json");

describe("session config loader", () => {
  it("fills defaults", () => {
    const config = load(minimal);
    expect(config.backtest_config).toMatchObject({
      initial_balance: 10_000,
      leverage: 100,
      speed_multiplier: 0,
      sizing: { mode: "fixed", lots: 0.1 },
      costs: { spread: "bar", swaps: true },
    });
    expect(config.variant).toBe("vanilla");
  });

  it("names the JSON path and the expected type of a wrong value", () => {
    const bad = { ...minimal, backtest_config: { ...minimal.backtest_config, leverage: "100" } };
    expect(() => load(bad)).toThrow(
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: "$.backtest_config.leverage: expected number, received string",
        where: { file: "t.json", path: "$.backtest_config.leverage" },
      }),
    );
  });

  it("names unknown keys, bad enum values and array positions", () => {
    expect(() => load({ ...minimal, strategy: { id: "x", params: {} } })).toThrow("$.strategy: unknown key 'params'");
    expect(() => load({ ...minimal, variant: "spicy" })).toThrow(
      '$.variant: expected one of "vanilla", "spiced", "vanilla_full", "spiced_full"',
    );
    const streams = { ...minimal, session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h", "bars_2h"] } };
    expect(() => load(streams)).toThrow("$.session_data_config.streams[1]: expected one of");
  });

  it("requires exactly one of end_date and backtest_days", () => {
    const both = { ...minimal, backtest_config: { ...minimal.backtest_config, backtest_days: 30 } };
    expect(() => load(both)).toThrow("$.backtest_config: give exactly one of end_date and backtest_days");
  });

  it("reports a JSON syntax error with its line and column", () => {
    const text = '{\n  "session_name": "t",\n  "mode": backtest\n}';
    expect(() => loadSessionConfig(text, "bad.json")).toThrow(
      expect.objectContaining({ code: "CONFIG_BAD_JSON", where: { file: "bad.json", line: 3, column: 11 } }),
    );
  });

  it("the committed JSON Schema is the one generated from the loader's schema", async () => {
    const committed = JSON.parse(await readFile("session_configs/session-config.schema.json", "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(sessionConfigJsonSchema())));
  });
});
