import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.ts";
import { sweepCommand } from "../../../src/cli/sweep.ts";
import { configText, inProcessHost, walkMarket } from "../engine/sweep/fixtures.ts";

const market = walkMarket();
const commands = [
  sweepCommand(
    async () => market,
    (workers) => inProcessHost(workers ?? 2),
  ),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-sweep-"));
  await writeFile(join(dir, "ma.json"), configText({ id: "ma_cross", parameters: { fast: 10, slow: 30 } }));
  await writeFile(join(dir, "rsi.json"), configText({ id: "rsi_reversion", parameters: {} }));
});

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await main(argv, { stdout, stderr, cwd: dir }, commands);
  return { code, out, err };
}

describe("pipscope sweep", () => {
  it("prints a progress line, how it ran and the best-N table, and writes every row", async () => {
    const { code, out, err } = await cli([
      "sweep",
      "ma.json",
      "--param",
      "fast=5:20:5",
      "--param",
      "slow=10:30:10",
      "--objective",
      "sharpe",
      "--top",
      "3",
      "--out",
      "sweep.json",
    ]);
    expect(code).toBe(0);
    // fast 5..20 × slow 10..30 is 12; ma_cross refuses fast ≥ slow (10/10, 15/10, 20/10, 20/20).
    expect(out).toMatch(/^ma_cross · EURUSD H1 · grid of 12 · 4 refused by ma_cross$/m);
    expect(out).toMatch(/^8 combinations in \d+\.\d\d s on 2 workers · vectorised \((wasm|twin)\) · data shared$/m);
    expect(out).toMatch(/^parity with the engine: \d+ trades and every sweep metric equal$/m);
    expect(out).toMatch(/^best 3 by sharpe \(highest first\)$/m);
    expect(out).toMatch(/^# +fast +slow +sharpe +Net profit +PF +Max DD +Trades$/m);
    expect(out.match(/^ {0}[1-3] +\d+ +\d+ /gm)).toHaveLength(3);
    expect(err).toMatch(/^8\/8 combinations · 100% · /m);
    const file = JSON.parse(await readFile(join(dir, "sweep.json"), "utf8"));
    expect(file.rows).toHaveLength(8);
    expect(file.best.map((b: { rank: number }) => b.rank)).toEqual([1, 2, 3]);
    expect(file.best[0].value).toBeGreaterThanOrEqual(file.best[1].value);
  });

  it("--json prints the sweep with a random sample; a strategy without a vectorised form runs in the engine", async () => {
    const { code, out } = await cli([
      "sweep",
      "rsi.json",
      "--param",
      "period=5:30:1",
      "--random",
      "4",
      "--seed",
      "3",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.total).toBe(4);
    expect(report.method).toBe("engine");
    expect(report.methodReason).toBe("rsi_reversion has no vectorised form (only ma_cross)");
    expect(report.rows).toHaveLength(4);
  });

  it("bad usage and bad axes exit 2 naming the problem", async () => {
    const none = await cli(["sweep", "ma.json"]);
    expect(none.code).toBe(2);
    expect(none.err).toBe("pipscope: ma.json: name at least one parameter to vary, e.g. fast=5:50:5\n");
    const unknown = await cli(["sweep", "ma.json", "--param", "fats=1:5"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /parameter fats: ma_cross has no such parameter \(it has fast, slow, kind, long_only\)/,
    );
    const expression = await cli(["sweep", "ma.json", "--param", "fast=1:5", "--constraint", "fast <"]);
    expect(expression.code).toBe(2);
    expect(expression.err).toMatch(/constraint 'fast <': the expression ends too early/);
    const workers = await cli(["sweep", "ma.json", "--param", "fast=1:5", "--workers", "0"]);
    expect(workers.code).toBe(2);
    expect(workers.err).toMatch(/--workers takes a whole number ≥ 1, got '0'/);
  });
});
