import { describe, expect, it } from "vitest";
import { compileExpression, type NameTypes } from "../../../../src/core/engine/sweep/expression.ts";
import type { PipscopeError } from "../../../../src/core/errors.ts";

const NAMES: NameTypes = { fast: "number", slow: "number", kind: "string", long_only: "boolean", sharpe: "number" };
const SCOPE = { fast: 10, slow: 30, kind: "EMA", long_only: false, sharpe: null };

const value = (source: string, expect: "number" | "boolean" | "string" = "boolean") =>
  compileExpression(source, NAMES, expect, "constraint").evaluate(SCOPE);

function failure(source: string, expect: "number" | "boolean" = "boolean"): PipscopeError {
  try {
    compileExpression(source, NAMES, expect, "constraint");
  } catch (error) {
    return error as PipscopeError;
  }
  throw new Error(`'${source}' compiled`);
}

describe("sweep expressions", () => {
  it("compares, combines and computes with the usual precedence", () => {
    expect(value("fast < slow")).toBe(true);
    expect(value("slow >= 2 * fast + 10")).toBe(true); // 30 >= 30
    expect(value("slow > 2 * fast + 10")).toBe(false);
    expect(value("fast < slow && !long_only")).toBe(true);
    expect(value("fast > slow || kind == 'EMA'")).toBe(true);
    expect(value('kind != "SMA"')).toBe(true);
    expect(value("(fast + slow) / 4 - slow % 7", "number")).toBe(8); // 40 / 4 − 2
    expect(value("-fast + max(1, slow, 3) - min(fast)", "number")).toBe(10);
    expect(value("pow(2, 3) + sqrt(16) + abs(-1) + floor(1.5) + ceil(1.5) + round(2.5)", "number")).toBe(19);
    expect(value("1.5e1 + .5", "number")).toBe(15.5);
    expect(value("true && long_only == false")).toBe(true);
  });

  it("reads a metric that is undefined for a run as NaN: it compares false", () => {
    expect(value("sharpe > 0")).toBe(false);
    expect(value("sharpe <= 0")).toBe(false);
    expect(Number.isNaN(value("sharpe * 2", "number"))).toBe(true);
  });

  it("lists the names it reads", () => {
    expect(compileExpression("fast < slow && fast > 2", NAMES, "boolean", "c").names).toEqual(["fast", "slow"]);
  });

  it("rejects mistakes with SWEEP_BAD_EXPRESSION naming the column", () => {
    const cases: [string, string, number][] = [
      ["fats < slow", "unknown name 'fats' (known: fast, slow, kind, long_only, sharpe)", 1],
      ["fast = slow", "use '==' to compare", 6],
      ["fast < slow < 100", "comparisons do not chain: write a < b && b < c", 13],
      ["fast <", "the expression ends too early", 7],
      ["", "the expression is empty", 1],
      ["fast < 'x'", "'<' compares a number with a string", 6],
      ["long_only < true", "'<' cannot order booleans", 11],
      ["fast && slow", "'&&' needs a boolean, got a number", 1],
      ["kind + 1", "'+' needs a number, got a string", 1],
      ["!fast", "'!' needs a boolean, got a number", 2],
      ["-kind == 1", "'-' needs a number, got a string", 2],
      [
        "median(fast) > 1",
        "unknown function 'median' (known: abs, sqrt, log, exp, floor, ceil, round, pow, min, max)",
        1,
      ],
      ["pow(fast) > 1", "pow() takes 2 arguments, got 1", 1],
      ["abs(fast, slow) > 1", "abs() takes 1 argument, got 2", 1],
      ["(fast < slow", "expected ')'", 13],
      ["fast < slow)", "unexpected ')'", 12],
      ["fast slow", "unexpected 'slow'", 6],
      ["kind == 'EMA", "the string is not closed", 9],
      ["fast # 2", "unexpected character '#'", 6],
      ["fast + slow", "must give a boolean, gives a number", 1],
    ];
    for (const [source, message, column] of cases) {
      const error = failure(source);
      expect(error.code).toBe("SWEEP_BAD_EXPRESSION");
      expect(error.message).toBe(`constraint '${source}': ${message}`);
      expect(error.where).toEqual({ field: "constraint", column });
    }
  });
});
