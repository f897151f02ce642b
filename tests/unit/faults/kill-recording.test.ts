import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { reopen } from "../store/helpers.ts";
import { killStarted, start } from "./processes.ts";
import { FIRST_TICK, recordedTicks, TICKS_PER_BATCH } from "./recorded-ticks.ts";

const dirs: string[] = [];
afterEach(killStarted);
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("SIGKILL during recording (issue 17)", () => {
  it("loses no acknowledged tick, and the cache opens and records on, kill after kill", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipscope-kill-recording-"));
    dirs.push(dir);
    let acknowledged = 0;
    // Killed at different moments of a write (a compaction runs every 16 batches).
    for (const [batches, extraMs] of [
      [17, 0],
      [9, 15],
      [23, 40],
    ]) {
      const recorder = start(["--import", "tsx", "tests/unit/faults/record-loop.ts", dir, String(acknowledged)]);
      const target = acknowledged + batches * TICKS_PER_BATCH;
      await recorder.printed(new RegExp(`stored ${target}\\n`));
      await new Promise((resolve) => setTimeout(resolve, extraMs));
      recorder.child.kill("SIGKILL");
      await recorder.exited;
      const said = [...recorder.stdout().matchAll(/stored (\d+)/g)].map((m) => Number(m[1]));
      acknowledged = said.at(-1) ?? 0;
      expect(acknowledged).toBeGreaterThanOrEqual(target);

      const store = await reopen(dir);
      const [dataset] = store.list();
      // Every acknowledged tick is stored; at most the batch in flight when killed is there too.
      expect(dataset.rows - acknowledged).toBeGreaterThanOrEqual(0);
      expect(dataset.rows - acknowledged).toBeLessThanOrEqual(TICKS_PER_BATCH);
      const { rows } = await store.ticks("EURUSD", FIRST_TICK, FIRST_TICK + dataset.rows * 100);
      const expected = recordedTicks(0, dataset.rows);
      expect(rows.length).toBe(dataset.rows);
      expect(rows.time).toEqual(expected.time);
      expect(rows.bid).toEqual(expected.bid);
      acknowledged = dataset.rows; // the next recorder goes on from the last stored tick
    }
  }, 90_000);
});
