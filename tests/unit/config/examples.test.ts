import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import { instrumentFor } from "../../../src/core/data/instruments.ts";
import { planRun } from "../../../src/core/run/index.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";

const DIR = new URL("../../../session_configs/", import.meta.url);

describe("example session configs", async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));

  it("there are the four runs of the issue plus every-option", () => {
    expect(files.sort()).toEqual([
      "eurusd-ma-cross-h1.json",
      "eurusd-tick-scalper.json",
      "every-option.json",
      "gbpusd-london-breakout-m15.json",
      "usdjpy-asian-range-m5.json",
    ]);
  });

  it.each(files)("%s loads, plans and builds its strategy", async (file) => {
    const config = loadSessionConfig(await readFile(new URL(file, DIR), "utf8"), file);
    const plan = planRun(config, instrumentFor);
    expect(plan.to).toBeGreaterThan(plan.from);
    expect(() => createStrategy(plan.strategy.id, plan.strategy.parameters)).not.toThrow();
  });
});
