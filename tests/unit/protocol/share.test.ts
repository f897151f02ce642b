import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { PipscopeError } from "../../../src/core/errors.ts";
import { fromBase64Url, toBase64Url } from "../../../src/core/protocol/base64url.ts";
import { decodeShare, encodeShare, MAX_SHARE_CHARS } from "../../../src/core/protocol/share.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { run } from "../engine/fixtures.ts";

async function resultWithTrades(bars: number, fast: number, slow: number) {
  const strategy = createStrategy("ma_cross", { fast, slow });
  const { result } = await run(randomWalkBars(bars), strategy.instance, {
    strategy: { id: "ma_cross", ...strategy },
    sizing: { mode: "fixed", lots: 0.01 },
  });
  return result;
}

const payloadOf = (value: unknown, version = 1) => {
  const deflated = deflateSync(strToU8(JSON.stringify(value)));
  return toBase64Url(Uint8Array.from([version, ...deflated]));
};

describe("share links", () => {
  it("round-trip the report: metrics, trades and the equity curve's shape", async () => {
    const result = await resultWithTrades(20_000, 50, 200);
    const shared = decodeShare(encodeShare(result, "My <b>run</b>"));
    expect(shared.name).toBe("My <b>run</b>"); // text, never markup: the page renders it escaped
    expect(shared.result.metrics).toEqual(result.metrics);
    expect(shared.totalTrades).toBe(result.trades.length);
    expect(shared.result.trades.map((t) => [t.side, t.entryTime, t.exitTime, t.exitReason])).toEqual(
      result.trades.map((t) => [t.side, t.entryTime, t.exitTime, t.exitReason]),
    );
    for (const [i, t] of shared.result.trades.entries()) expect(t.pnl).toBeCloseTo(result.trades[i].pnl, 2);
    expect(shared.result.curve.time.length).toBeLessThanOrEqual(1000);
    expect(shared.result.curve.time[0]).toBe(Math.round(result.curve.time[0] / 1000) * 1000);
    expect(Math.min(...shared.result.curve.drawdown_pct)).toBeCloseTo(Math.min(...result.curve.drawdown_pct), 1);
    expect(shared.result.data).toEqual(result.data);
  });

  it("issue 14: say which data a run ran on — its dataset, SYNTHETIC — and how it ended", async () => {
    const result = await resultWithTrades(2_000, 10, 30);
    const ran = {
      ...result,
      data: { ...result.data, dataset: "EURUSD/bars/M1/sample", sources: ["synthetic (seed 1)"], synthetic: true },
      end_reason: "ruin" as const,
      ruin: { time: result.end, equity: 12.5, reason: "the balance fell to 12.50 USD with no position open" },
    };
    const shared = decodeShare(encodeShare(ran, "r")).result;
    expect(shared.data).toEqual(ran.data);
    expect([shared.end_reason, shared.ruin, shared.sizing, shared.instrument]).toEqual([
      "ruin",
      ran.ruin,
      result.sizing,
      result.instrument,
    ]);
  });

  it("open links of version 1, which said nothing of the data's provenance", async () => {
    const result = await resultWithTrades(2_000, 10, 30);
    const payload = encodeShare(result, "old");
    const snapshot = JSON.parse(strFromU8(inflateSync(fromBase64Url(payload).subarray(1))));
    for (const key of ["end_reason", "ruin", "sizing", "instrument"]) delete snapshot[key];
    const { symbol, timeframe, from, to, rows, hash } = snapshot.data;
    snapshot.data = { symbol, timeframe, from, to, rows, hash };
    const opened = decodeShare(payloadOf(snapshot, 1)).result;
    expect(opened.data).toMatchObject({ hash, synthetic: null, dataset: null });
    expect(opened.end_reason).toBe("end_of_data");
  });

  it("carry the session config of a built-in strategy, compact, so the report can be re-run", async () => {
    const result = await resultWithTrades(2_000, 10, 30);
    const config = JSON.stringify(
      { session_name: "x", strategy: { id: "ma_cross", parameters: { fast: 10 } } },
      null,
      2,
    );
    expect(decodeShare(encodeShare(result, "r", config)).config).toBe(JSON.stringify(JSON.parse(config)));
  });

  it("never carry pasted code, nor a config they cannot read", async () => {
    const result = await resultWithTrades(2_000, 10, 30);
    const custom = JSON.stringify({ strategy: { id: "custom", source: "export default { onBar() {} }" } });
    expect(decodeShare(encodeShare(result, "r", custom)).config).toBeUndefined();
    expect(decodeShare(encodeShare(result, "r", "{not json")).config).toBeUndefined();
    expect(decodeShare(encodeShare(result, "r", "null")).config).toBeUndefined();
    expect(decodeShare(encodeShare(result, "r")).config).toBeUndefined();
  });

  it("drop code that a crafted link carries in its config, at any depth", async () => {
    const result = await resultWithTrades(2_000, 10, 30);
    const honest = JSON.parse(strFromU8(inflateSync(fromBase64Url(encodeShare(result, "r", '{"a":1}')).subarray(1))));
    const crafted = { ...honest, config: JSON.stringify({ router: { bots: [{ strategy: { source: "alert(1)" } }] } }) };
    expect(decodeShare(payloadOf(honest)).config).toBe('{"a":1}');
    expect(decodeShare(payloadOf(crafted)).config).toBeUndefined();
  });

  it("a typical link (about 100 trades) stays under 8 KB", async () => {
    const result = await resultWithTrades(40_000, 100, 400);
    expect(result.trades.length).toBeGreaterThanOrEqual(90);
    const config = readFileSync("session_configs/eurusd-ma-cross-h1.json", "utf8");
    expect(encodeShare(result, "typical", config).length).toBeLessThanOrEqual(8 * 1024);
  });

  it("keeps at most 500 trades and says how many there were", async () => {
    const result = await resultWithTrades(40_000, 5, 20);
    expect(result.trades.length).toBeGreaterThan(500);
    const shared = decodeShare(encodeShare(result, "busy"));
    expect(shared.result.trades).toHaveLength(500);
    expect(shared.totalTrades).toBe(result.trades.length);
  });

  it("refuses hostile links with a specific code, never another exception", () => {
    const cases: Array<[string, string]> = [
      ["", "SHARE_BAD_ENCODING"],
      ["abc$def", "SHARE_BAD_ENCODING"],
      ["A", "SHARE_BAD_ENCODING"],
      [payloadOf({ name: "x" }, 9), "SHARE_VERSION"],
      [toBase64Url(Uint8Array.from([1, 0xff, 0x00, 0x13, 0x37])), "SHARE_CORRUPT"],
      [toBase64Url(Uint8Array.from([1, ...deflateSync(strToU8("{not json"))])), "SHARE_CORRUPT"],
      [payloadOf({ name: "<script>alert(1)</script>" }), "SHARE_INVALID"],
      ["A".repeat(MAX_SHARE_CHARS + 1), "SHARE_TOO_LARGE"],
      [payloadOf("x".repeat(5_000_000)), "SHARE_TOO_LARGE"],
    ];
    for (const [payload, code] of cases) {
      expect(() => decodeShare(payload), payload.slice(0, 40)).toThrow(expect.objectContaining({ code }));
    }
  });

  it("stop inflating a 60 KB link that unpacks to 45 MB at the 4 MB bound, not after", async () => {
    // In a process of its own, so its peak RSS is this decode's alone (inflated whole, it grew 58–84 MB).
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--import",
      "tsx",
      new URL("share-bomb.ts", import.meta.url).pathname,
    ]);
    const { payloadChars, code, peakGrowthKb } = JSON.parse(stdout);
    expect(payloadChars).toBeLessThanOrEqual(MAX_SHARE_CHARS);
    expect(code).toBe("SHARE_TOO_LARGE");
    expect(peakGrowthKb).toBeLessThan(40 * 1024);
  });

  it("refuse a link nesting 1.5 million levels deep at its 65th bracket", () => {
    const deep = toBase64Url(
      Uint8Array.from([2, ...deflateSync(strToU8(`${"[".repeat(1_500_000)}${"]".repeat(1_500_000)}`))]),
    );
    expect(() => decodeShare(deep)).toThrow(
      expect.objectContaining({ code: "JSON_TOO_DEEP", where: { file: "the link", line: 1, column: 65 } }),
    );
  });

  it("1,000 fuzzed links (random bytes and mutations of a valid one) decode or fail cleanly", async () => {
    const valid = encodeShare(await resultWithTrades(5_000, 20, 50), "fuzz");
    let state = 99;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%<>\"'";
    for (let i = 0; i < 1000; i++) {
      let payload: string;
      if (i % 2 === 0) {
        payload = Array.from(
          { length: 1 + Math.floor(random() * 400) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join("");
      } else {
        const chars = valid.split("");
        for (let k = 0; k < 1 + Math.floor(random() * 8); k++)
          chars[Math.floor(random() * chars.length)] = alphabet[Math.floor(random() * 64)];
        payload = random() < 0.2 ? chars.join("").slice(0, Math.floor(random() * chars.length)) : chars.join("");
      }
      try {
        decodeShare(payload);
      } catch (error) {
        expect(error).toBeInstanceOf(PipscopeError);
      }
    }
  });
});
