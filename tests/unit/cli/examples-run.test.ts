import { execFile } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = resolve("bin/pipscope.mjs");
const CONFIGS = resolve("session_configs");

describe("every example session config runs with the real CLI on the synthetic sample", async () => {
  const files = (await readdir(CONFIGS)).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pipscope-examples-"));
  });

  it.each(files)("%s", { timeout: 120_000 }, async (file) => {
    const { stdout } = await run(
      process.execPath,
      [BIN, "backtest", join(CONFIGS, file), "--quiet", "--data-dir", dataDir],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(stdout).toMatch(/^Trades +[1-9][\d,]*$/m); // each example trades on the sample
    expect(stdout).toMatch(/^Final balance \(USD\) +[\d,]+\.\d\d$/m);
    expect(stdout).toMatch(/^Data: [A-Z]{6}\/(bars|ticks)\/\w+\/sample · SYNTHETIC \(seed 1\)/m);
  });
});
