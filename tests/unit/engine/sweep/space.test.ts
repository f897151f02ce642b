import { describe, expect, it } from "vitest";
import { enumerate, makeSpace } from "../../../../src/core/engine/sweep/search.ts";
import { parseAxis } from "../../../../src/core/engine/sweep/space.ts";
import type { PipscopeError } from "../../../../src/core/errors.ts";
import { strategyById } from "../../../../src/core/strategy/index.ts";

const MA = strategyById("ma_cross").params;
const RSI = strategyById("rsi_reversion").params;
const BASE = { fast: 10, slow: 30, kind: "SMA", long_only: false };

function error(run: () => unknown): PipscopeError {
  try {
    run();
  } catch (e) {
    return e as PipscopeError;
  }
  throw new Error("did not throw");
}

describe("sweep axes", () => {
  it("reads ranges (inclusive, the spec's step by default), lists and single values", () => {
    expect(parseAxis("fast=5:20:5", MA, "ma_cross")).toEqual({ name: "fast", values: [5, 10, 15, 20] });
    expect(parseAxis("fast=5:8", MA, "ma_cross").values).toEqual([5, 6, 7, 8]);
    expect(parseAxis("slow=20:45:10", MA, "ma_cross").values).toEqual([20, 30, 40]);
    // Float steps land on round values despite binary fractions, the end included.
    expect(parseAxis("lower=10:10.3:0.1", RSI, "rsi_reversion").values).toEqual([10, 10.1, 10.2, 10.3]);
    expect(parseAxis("kind=EMA", MA, "ma_cross").values).toEqual(["EMA"]);
    expect(parseAxis("long_only=true,false", MA, "ma_cross").values).toEqual([true, false]);
  });
});

describe("sweep axis errors", () => {
  const cases: [string, string][] = [
    ["fast", "parameter fast: write name=from:to:step, name=a,b,c or name=value"],
    ["fats=1:5", "parameter fats: ma_cross has no such parameter (it has fast, slow, kind, long_only)"],
    ["fast=5:1", "parameter fast: the range ends (1) before it starts (5)"],
    ["fast=1:5:0", "parameter fast: the step must be positive, got 0"],
    ["fast=1:5:0.5", "parameter fast: an int parameter needs a whole step, got 0.5"],
    ["fast=1:5:1:2", "parameter fast: '1:5:1:2' is not from:to or from:to:step"],
    ["fast=a:5", "parameter fast: 'a' is not a number"],
    ["fast=0:5", "parameter fast: 0 is outside 1…500"],
    ["fast=1:20000:1", "parameter fast: 1:20000:1 has 20000 values; at most 10000"],
    ["kind=SMA:EMA", "parameter kind: a enum parameter takes a list, not a range"],
    ["kind=SMA,WMA", 'parameter kind: expected one of SMA, EMA, got "WMA"'],
    ["long_only=yes", "parameter long_only: expected true or false, got 'yes'"],
    ["fast=5,5", "parameter fast: 5 is listed twice"],
    ["fast=2.5", "parameter fast: expected a whole number, got 2.5"],
  ];
  for (const [text, message] of cases) {
    it(`${text} → ${message}`, () => {
      const e = error(() => parseAxis(text, MA, "ma_cross"));
      expect(e.code).toBe("SWEEP_BAD_PARAM");
      expect(e.message).toBe(message);
    });
  }
});

describe("sweep search", () => {
  const axes = [parseAxis("fast=5:15:5", MA, "ma_cross"), parseAxis("kind=SMA,EMA", MA, "ma_cross")];

  it("enumerates the grid in order, the last axis fastest, with the other parameters at their base", () => {
    const { combinations, gridSize, rejected } = enumerate(makeSpace(MA, BASE, axes, []), { kind: "grid" });
    expect(gridSize).toBe(6);
    expect(rejected).toBe(0);
    expect(combinations.map((c) => `${c.fast}${c.kind}`)).toEqual(["5SMA", "5EMA", "10SMA", "10EMA", "15SMA", "15EMA"]);
    expect(combinations[0]).toEqual({ fast: 5, slow: 30, kind: "SMA", long_only: false });
  });

  it("applies constraints and counts what they turn away", () => {
    const space = makeSpace(MA, BASE, axes, ["fast > 5", "kind == 'EMA' || fast == 15"]);
    const { combinations, rejected } = enumerate(space, { kind: "grid" });
    expect(combinations.map((c) => `${c.fast}${c.kind}`)).toEqual(["10EMA", "15SMA", "15EMA"]);
    expect(rejected).toBe(3);
  });

  it("samples distinct combinations of the grid; a seed repeats its sample", () => {
    const space = makeSpace(MA, BASE, [parseAxis("fast=1:100", MA, "ma_cross")], []);
    const a = enumerate(space, { kind: "random", samples: 20, seed: 7 }).combinations.map((c) => c.fast);
    const b = enumerate(space, { kind: "random", samples: 20, seed: 7 }).combinations.map((c) => c.fast);
    const c = enumerate(space, { kind: "random", samples: 20, seed: 8 }).combinations.map((x) => x.fast);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBe(20);
    // More samples than the grid holds: the whole grid, once each.
    expect(enumerate(space, { kind: "random", samples: 500, seed: 1 }).combinations).toHaveLength(100);
  });

  it("rejects a parameter varied twice, an oversized grid, a bad sample count and an empty result", () => {
    const twice = error(() => makeSpace(MA, BASE, [axes[0], axes[0]], []));
    expect([twice.code, twice.message]).toEqual(["SWEEP_BAD_PARAM", "parameter fast is varied twice"]);
    const huge = [parseAxis("fast=1:500", MA, "ma_cross"), parseAxis("slow=2:1000", MA, "ma_cross")];
    const tooLarge = error(() => enumerate(makeSpace(MA, BASE, huge, []), { kind: "grid" }));
    expect(tooLarge.code).toBe("SWEEP_TOO_LARGE");
    expect(tooLarge.message).toMatch(/^the grid has 499,500 combinations; a sweep runs at most 100,000/);
    const samples = error(() => enumerate(makeSpace(MA, BASE, axes, []), { kind: "random", samples: 0, seed: 1 }));
    expect([samples.code, samples.message]).toEqual([
      "SWEEP_BAD_SEARCH",
      "a random search draws 1 to 100,000 samples, got 0",
    ]);
    const empty = error(() => enumerate(makeSpace(MA, BASE, axes, ["fast > 100"]), { kind: "grid" }));
    expect([empty.code, empty.message]).toEqual([
      "SWEEP_EMPTY",
      "no combination satisfies the constraints (fast > 100)",
    ]);
    const constraint = error(() => makeSpace(MA, BASE, axes, ["fast < slow", "fast <"]));
    expect(constraint.message).toBe("constraint 2 'fast <': the expression ends too early");
  });
});
