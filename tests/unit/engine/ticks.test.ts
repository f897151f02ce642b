import { describe, expect, it } from "vitest";
import type { TickColumns } from "../../../src/core/data/types.ts";
import type { Strategy, StrategyContext } from "../../../src/core/strategy/api.ts";
import { run, T0 } from "./fixtures.ts";

/** Ticks one second apart from [bid, ask] pairs. */
function ticks(rows: Array<[number, number]>): TickColumns {
  const n = rows.length;
  return {
    length: n,
    time: Float64Array.from(rows, (_, i) => T0 + i * 1000),
    bid: Float64Array.from(rows, (r) => r[0]),
    ask: Float64Array.from(rows, (r) => r[1]),
    last: new Float64Array(n).fill(Number.NaN),
    volume: new Float64Array(n),
    flags: new Int32Array(n).fill(6),
  };
}

const onTick = (actions: Record<number, (ctx: StrategyContext) => void>): Strategy => ({
  onTick: (ctx) => actions[ctx.index]?.(ctx),
});

describe("tick mode", () => {
  it("fills a market order at the next tick's ask and exits exactly on the bid that crosses the stop", async () => {
    const data = ticks([
      [1.1, 1.1001],
      [1.1002, 1.1003], // signal here
      [1.1004, 1.1006], // fill at this ask
      [1.1, 1.1002],
      [1.0993, 1.0995], // bid crosses the stop at 1.0996 → filled at this tick's bid
      [1.1, 1.1002],
    ]);
    const { trades } = await run(undefined, onTick({ 1: (ctx) => ctx.buy({ slPips: 10 }) }), {
      timeframe: "ticks",
      bars: undefined,
      ticks: data,
    });
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      entryIndex: 2,
      entryPrice: 1.1006,
      exitIndex: 4,
      exitPrice: 1.0993,
      exitReason: "stop_loss",
    });
  });

  it("reads bid and ask of the current tick", async () => {
    const seen: number[] = [];
    const data = ticks([
      [1.2, 1.2003],
      [1.2001, 1.2002],
    ]);
    await run(
      undefined,
      { onTick: (ctx) => void seen.push(ctx.bid, ctx.ask, ctx.close.get(0)) },
      { timeframe: "ticks", ticks: data },
    );
    expect(seen).toEqual([1.2, 1.2003, 1.2, 1.2001, 1.2002, 1.2001]);
  });
});
