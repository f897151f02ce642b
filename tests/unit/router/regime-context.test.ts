import { describe, expect, it } from "vitest";
import { REGIME_CODE, type Regime } from "../../../src/core/router/regime.ts";
import { bars, run } from "../engine/fixtures.ts";

type Row = [number, number, number, number];
const ramp = (n: number) =>
  bars(
    Array.from({ length: n }, (_, i): Row => [1.1 + 0.001 * i, 1.101 + 0.001 * i, 1.1 + 0.001 * i, 1.101 + 0.001 * i]),
  );

describe("ctx.regime", () => {
  it("reads the run's regime column at the current bar", async () => {
    const seen: Regime[] = [];
    const regime = Uint8Array.from([REGIME_CODE.UNKNOWN, REGIME_CODE.RANGE, REGIME_CODE.HIGH_VOL]);
    await run(ramp(3), { onBar: (ctx) => void seen.push(ctx.regime) }, { regime });
    expect(seen).toEqual(["UNKNOWN", "RANGE", "HIGH_VOL"]);
  });

  it("is detected once with the default thresholds when the run has no column", async () => {
    const seen: Regime[] = [];
    await run(ramp(120), { onBar: (ctx) => void (ctx.index >= 111 && seen.push(ctx.regime)) });
    expect(seen).toEqual(["UNKNOWN", ...Array(8).fill("TREND_UP")]);
  });

  it("rejects a regime column whose length is not the data's", async () => {
    await expect(run(ramp(3), {}, { regime: new Uint8Array(2) })).rejects.toThrow(
      expect.objectContaining({
        code: "ENGINE_BAD_REGIME",
        message: "the regime column has 2 rows but the data has 3: give one label per row",
      }),
    );
  });
});
