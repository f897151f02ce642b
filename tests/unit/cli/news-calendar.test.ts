import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { backtestCommand } from "../../../src/cli/backtest.ts";
import { main } from "../../../src/cli/main.ts";
import type { MarketData } from "../../../src/core/run/index.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";

const H1 = 3_600_000;
const market: MarketData = {
  async bars(_symbol, _timeframe, from, to) {
    const n = Math.floor((to - from) / H1);
    const bars = randomWalkBars(n);
    for (let i = 0; i < n; i++) bars.time[i] = from + i * H1;
    return { rows: bars, startIndex: 0 };
  },
  async ticks() {
    throw new Error("no ticks in this fixture");
  },
};
const commands = [backtestCommand(async () => market)];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-news-run-"));
  await mkdir(join(dir, "configs"));
  await writeFile(
    join(dir, "configs", "week.csv"),
    [
      "Title,Country,Date,Time,Impact,Forecast,Previous",
      "Non-Farm Payrolls,USD,01-05-2024,8:30am,High,170K,199K",
      "Broken,USD,01-05-2024,noon,High,,",
      "ECB Press Conference,EUR,01-04-2024,8:45am,High,,",
      "Retail Sales,GBP,01-04-2024,2:00am,High,,",
    ].join("\n"),
  );
});

async function backtest(news: unknown, flags = ["--quiet"]) {
  await writeFile(
    join(dir, "configs", "run.json"),
    JSON.stringify({
      session_name: "news",
      mode: "backtest",
      backtest_config: { start_date: "2024-01-01", backtest_days: 7 },
      session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"] },
      strategy: { id: "ma_cross", parameters: { fast: 3, slow: 8 } },
      news,
    }),
  );
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await main(["backtest", "configs/run.json", ...flags], { stdout, stderr, cwd: dir }, commands);
  return { code, out, err };
}

describe("pipscope backtest with news", () => {
  it("reads news.file next to the config, warns about skipped rows, and logs the kill zones", async () => {
    const { code, out, err } = await backtest({ file: "week.csv", file_timezone: "America/New_York" }, [
      "--json-events",
    ]);
    expect(code).toBe(0);
    const messages = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .flatMap((e) => (e.type === "log_entry" ? [e.data.message] : []));
    // NFP (USD) and the ECB (EUR) concern EURUSD; UK retail sales do not.
    expect(messages).toContain("news kill zones: 2 in range (High impact, 30 min before to 30 min after)");
    expect(err).toContain("pipscope: warning: week.csv:3");
    expect(err).toContain("(row skipped)");
  });

  it("tells the user the command line has no stored calendar", async () => {
    const { code, err } = await backtest({});
    expect(code).toBe(2);
    expect(err).toContain(
      "the command line keeps no imported calendar: set news.file to a calendar export, or give news.events inline",
    );
  });

  it("names a calendar file that cannot be read", async () => {
    const { code, err } = await backtest({ file: "missing.csv" });
    expect(code).toBe(2);
    expect(err).toContain("cannot read missing.csv: no such file");
  });
});
