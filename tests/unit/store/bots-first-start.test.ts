import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { enabledBots, loadBots } from "../../../src/store/bots.ts";

// Issue 14: before, Compare's spiced team depended on whether the Bots page had been opened.
describe("the bot registry on a first start", () => {
  it("gives a comparison the example team before the Bots page was ever opened", async () => {
    expect((await loadBots()).bots).toEqual([]);
    expect((await enabledBots()).map((b) => b.id).sort()).toEqual(["london-breakout", "ma-cross-primal"]);
    // Offered once: the Bots page then shows the same two, not two more.
    expect((await loadBots()).bots).toHaveLength(2);
  });
});
