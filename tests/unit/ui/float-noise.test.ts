import { describe, expect, it } from "vitest";
import { metricsTable } from "../../../src/cli/print-run.ts";
import { decodeShare, encodeShare } from "../../../src/core/protocol/share.ts";
import { renderHtmlReport } from "../../../src/ui/results/html-report.ts";
import { tradesCsv } from "../../../src/ui/results/trades-csv.ts";
import { bars, run, script } from "../engine/fixtures.ts";

/** Float noise as a trader would see it: a number with nine or more decimals. */
const NOISE = /\d\.\d{9,}/;

// Issue 14: prices printed as "1.18741999999…", pips "-6.300000000001305" in exports.
describe("numbers as traders read them, in every export", async () => {
  // Prices a step of 0.00001 apart, summed in floats: 1.1 + 3 × 0.00001 is 1.1000299999999999.
  const rows = Array.from({ length: 40 }, (_, i) => {
    const p = 1.1 + i * 0.00001 * 7;
    return [p, p + 0.00013, p - 0.00011, p + 0.00003] as [number, number, number, number];
  });
  const { result } = await run(
    bars(rows, 7),
    script({ 3: (ctx) => ctx.buy({ slPips: 6.3 }), 20: (ctx) => ctx.closePositions(), 22: (ctx) => ctx.sell() }),
  );
  // A shared link's prices come back through integer units: noisier still.
  const shared = decodeShare(encodeShare(result, "noise")).result;

  it("has float noise to hide: the fixture's own numbers carry it", () => {
    const raw = result.trades.flatMap((t) => [t.entryPrice, t.exitPrice, t.pips].map(String));
    expect(raw.some((text) => NOISE.test(text))).toBe(true);
  });

  it.each([
    ["the run's", result],
    ["a shared link's", shared],
  ])("%s HTML report, trades CSV and CLI table print none", (_, r) => {
    for (const text of [renderHtmlReport(r, "noise"), tradesCsv(r), metricsTable(r)]) expect(text).not.toMatch(NOISE);
    const csv = tradesCsv(r).split("\n");
    const [header, first] = [csv[0].split(","), csv[1].split(",")];
    expect(first[header.indexOf("entry_price")]).toMatch(/^1\.\d{5}$/);
    expect(first[header.indexOf("pips")]).toMatch(/^-?\d+\.\d$/);
    expect(first[header.indexOf("pnl")]).toMatch(/^-?\d+\.\d\d$/);
  });
});
