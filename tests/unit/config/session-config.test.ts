import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { sessionConfigJsonSchema } from "../../../src/core/config/json-schema.ts";
import { parseResultFile } from "../../../src/core/protocol/result-file.ts";
import { importBots } from "../../../src/core/router/bot.ts";

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

  it("issue 17: bounds backtest_days by what the calendar allows, naming the JSON path", () => {
    const days = (backtest_days: number, start_date = "2025-01-01") => ({
      ...minimal,
      backtest_config: { start_date, backtest_days },
    });
    const fail = (value: unknown) => {
      try {
        load(value);
      } catch (error) {
        return error;
      }
    };
    expect(fail(days(1e9))).toMatchObject({
      code: "CONFIG_INVALID",
      message: "$.backtest_config.backtest_days: Too big: expected number to be <=47482 (and 1 more)",
      where: { file: "t.json", path: "$.backtest_config.backtest_days" },
    });
    expect(fail(days(27_394))).toMatchObject({
      message:
        "$.backtest_config.backtest_days: the run would end after 2100-01-01: backtest_days counts calendar days from start_date",
    });
    expect(load(days(27_393)).backtest_config.backtest_days).toBe(27_393); // ends on 2099-12-31
  });

  it("issue 17: refuses dates before 1970 or from 2100 on, and dates that do not exist", () => {
    for (const [start_date, end_date, path] of [
      ["1969-12-31", "2024-01-01", "$.backtest_config.start_date"],
      ["2024-01-01", "2100-01-01", "$.backtest_config.end_date"],
      ["2024-13-45", "2025-01-01", "$.backtest_config.start_date"],
      ["+275760-09-13", "2025-01-01", "$.backtest_config.start_date"],
    ]) {
      const config = { ...minimal, backtest_config: { start_date, end_date } };
      expect(() => load(config), start_date).toThrow(
        expect.objectContaining({
          code: "CONFIG_INVALID",
          where: { file: "t.json", path },
        }),
      );
    }
    const early = { ...minimal, backtest_config: { start_date: "1969-12-31", end_date: "2024-01-01" } };
    expect(() => load(early)).toThrow(
      "$.backtest_config.start_date: expected a date from 1970-01-01 to 2099-12-31 (UTC)",
    );
  });

  it("issue 17: refuses walk-forward windows shorter than a day and runs that warm up on millions of bars", () => {
    const walk = {
      ...minimal,
      walk_forward: { in_sample_days: 90, out_of_sample_days: 0.0001, parameters: ["fast=5:10:5"] },
    };
    expect(() => load(walk)).toThrow("$.walk_forward.out_of_sample_days: Too small: expected number to be >=1");
    const warm = { ...minimal, session_data_config: { ...minimal.session_data_config, historical: { bars: 1e9 } } };
    expect(() => load(warm)).toThrow("$.session_data_config.historical.bars: Too big");
  });

  it("issue 17: refuses JSON nested deeper than 64 levels — configs, bots files, result files — at the bracket", () => {
    const deep = `{"a":${"[".repeat(1_500_000)}${"]".repeat(1_500_000)}}`;
    for (const read of [loadSessionConfig, importBots, parseResultFile]) {
      expect(() => read(deep, "deep.json"), read.name).toThrow(
        expect.objectContaining({ code: "JSON_TOO_DEEP", where: { file: "deep.json", line: 1, column: 69 } }),
      );
    }
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    expect(() => loadSessionConfig(nested(64), "ok.json")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    // Brackets inside strings are text, and escaped quotes do not end a string.
    const text = JSON.stringify({ ...minimal, session_name: `"${"[".repeat(200)}` });
    expect(loadSessionConfig(text, "t.json").session_name).toBe(`"${"[".repeat(200)}`);
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
