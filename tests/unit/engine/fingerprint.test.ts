import { describe, expect, it } from "vitest";
import { fingerprint } from "../../../src/core/engine/fingerprint.ts";
import { bars, H1, T0 } from "./fixtures.ts";

describe("data fingerprint", () => {
  const rows = () =>
    bars(
      Array.from(
        { length: 10 },
        (_, i) => [1 + i / 100, 1 + i / 100, 1 + i / 100, 1 + i / 100] as [number, number, number, number],
      ),
    );

  it("is the same for the same tested rows and changes with any close", () => {
    const a = fingerprint("EURUSD", "H1", rows(), 3);
    expect(a).toMatchObject({ symbol: "EURUSD", timeframe: "H1", from: T0 + 3 * H1, to: T0 + 9 * H1, rows: 7 });
    expect(a.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint("EURUSD", "H1", rows(), 3).hash).toBe(a.hash);
    const changed = rows();
    changed.close[8] += 1e-5;
    expect(fingerprint("EURUSD", "H1", changed, 3).hash).not.toBe(a.hash);
  });

  it("ignores warm-up rows", () => {
    const changed = rows();
    changed.close[1] = 99;
    expect(fingerprint("EURUSD", "H1", changed, 3).hash).toBe(fingerprint("EURUSD", "H1", rows(), 3).hash);
  });
});
