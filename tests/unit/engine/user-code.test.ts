import { describe, expect, it } from "vitest";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { bars, run } from "./fixtures.ts";

const data = bars(
  Array.from(
    { length: 40 },
    (_, i) => [1 + i / 1000, 1 + i / 1000, 1 + i / 1000, 1 + i / 1000] as [number, number, number, number],
  ),
);

describe("strategies users paste", () => {
  it("TypeScript with an indicator import runs like a built-in", async () => {
    const source = `import { sma } from "pipscope";
interface State { fast?: ReturnType<typeof Object> }
export default {
  params: [{ name: "period", label: "Period", type: "int", default: 5, min: 2, max: 50, step: 1 }],
  init(ctx: any) { this.avg = ctx.series(sma(ctx.bars.close, ctx.params.period)); },
  onBar(ctx: any) {
    if (ctx.index === 10 && ctx.close.get(0) > this.avg.get(0)) { ctx.log.info("above its average"); ctx.buy(); }
  },
};`;
    const strategy = createStrategy("custom", { period: 5 }, source);
    const { trades, host } = await run(data, strategy.instance, { strategy: { id: "custom", ...strategy } });
    expect(trades[0].entryIndex).toBe(11);
    expect(host.events.some((e) => e.type === "log_entry" && e.data.message === "above its average")).toBe(true);
  });

  it("a class works too", async () => {
    const source = `export default class { count = 0; onBar(ctx) { this.count++; if (this.count === 3) ctx.sell(); } }`;
    const strategy = createStrategy("custom", {}, source);
    const { trades } = await run(data, strategy.instance);
    expect(trades[0]).toMatchObject({ side: "short", entryIndex: 3 });
  });

  it("a syntax error names line and column", () => {
    expect(() => createStrategy("custom", {}, "export default {\n  onBar(ctx) { const x = ; }\n};")).toThrow(
      expect.objectContaining({ code: "STRATEGY_COMPILE", where: { file: "strategy.ts", line: 2, column: 26 } }), // the ";"
    );
  });

  it("a throw while running ends the run with the line and column of the throw", async () => {
    const source = "export default {\n  onBar(ctx) {\n    if (ctx.index === 5) ctx.nope.call();\n  },\n};";
    const strategy = createStrategy("custom", {}, source);
    const failure = await run(data, strategy.instance).catch((e) => e);
    expect(failure).toMatchObject({ code: "STRATEGY_ERROR", where: { file: "strategy.ts", line: 3 } });
    expect(failure.message).toMatch(
      /^strategy error: TypeError: Cannot read properties of undefined \(reading 'call'\) \(strategy\.ts:3:\d+\)$/,
    );
  });

  it("code without onBar/onTick, or importing anything else, is refused", () => {
    expect(() => createStrategy("custom", {}, "export default { init() {} };")).toThrow(
      "neither onBar(ctx) nor onTick(ctx)",
    );
    expect(() =>
      createStrategy("custom", {}, 'import fs from "node:fs";\nexport default { onBar() { fs.x; } };'),
    ).toThrow("cannot import 'node:fs'");
  });
});
