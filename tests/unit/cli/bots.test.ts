import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { readBots, routerBots } from "../../../src/cli/bot-files.ts";
import { COMMANDS } from "../../../src/cli/commands.ts";
import { main } from "../../../src/cli/main.ts";
import { exportBots, parseBot } from "../../../src/core/router/bot.ts";
import { EXAMPLE_BOTS } from "../../../src/core/router/example-bots.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pipscope-bots-"));
});

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: "", stderr: "" };
  stdout.on("data", (c) => (out.stdout += c));
  stderr.on("data", (c) => (out.stderr += c));
  const code = await main(argv, { stdout, stderr, cwd: dir }, COMMANDS);
  return { code, ...out };
}

const bot = (id: string, name = id) => ({ id, strategy: { id: "ma_cross" }, manifest: { name } });

describe("bots as JSON files for the CLI", () => {
  it("writes the examples and reads them back, defaults filled", async () => {
    expect((await cli(["bots", "examples", "--out", "bots.json"])).code).toBe(0);
    const bots = await readBots("bots.json", dir);
    expect(bots.map((b) => [b.id, b.manifest.tags])).toEqual([
      ["london-breakout", ["@breakout", "london"]],
      ["ma-cross-primal", ["@primal", "trend"]],
    ]);
    expect(bots[1].strategy.parameters).toEqual({ fast: 10, slow: 30, kind: "EMA", long_only: false });
    const listed = await cli(["bots", "list", "bots.json", "--json"]);
    expect(listed.stdout).toBe(await readFile(join(dir, "bots.json"), "utf8"));
    expect(EXAMPLE_BOTS).toHaveLength(2);
  });

  it("lists one line per bot", async () => {
    await cli(["bots", "examples", "--out", "bots.json"]);
    const { code, stdout } = await cli(["bots", "list", "bots.json"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[1]).toBe(
      "ma-cross-primal      on   ma_cross           @primal trend          risk 1% kelly×0.25     LONDON+NEW_YORK; TREND_UP+TREND_DOWN",
    );
  });

  it("reads a directory's .json files in name order", async () => {
    await mkdir(join(dir, "team"));
    await writeFile(join(dir, "team", "b.json"), JSON.stringify(bot("second")));
    await writeFile(join(dir, "team", "a.json"), JSON.stringify({ bots: [bot("first")] }));
    await writeFile(join(dir, "team", "notes.txt"), "not a bot");
    expect((await readBots("team", dir)).map((b) => b.id)).toEqual(["first", "second"]);
  });

  it("names the file and JSON path of an invalid bot", async () => {
    await writeFile(join(dir, "bad.json"), JSON.stringify({ bots: [bot("a"), bot("b", "")] }));
    const { code, stderr } = await cli(["bots", "list", "bad.json"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "pipscope: bad.json (at $.bots[1].manifest.name): $.bots[1].manifest.name: Too small: expected string to have >=1 characters\n",
    );
  });

  it("refuses an id used in two files of a directory, naming both", async () => {
    await mkdir(join(dir, "team"));
    await writeFile(join(dir, "team", "a.json"), JSON.stringify(bot("same")));
    await writeFile(join(dir, "team", "b.json"), JSON.stringify(bot("same")));
    await expect(readBots("team", dir)).rejects.toMatchObject({
      code: "BOT_DUPLICATE",
      message: "bot id 'same' is in both team/a.json and team/b.json",
    });
  });

  it("refuses a missing file, an empty directory, bad JSON and a stray argument", async () => {
    await expect(readBots("nope.json", dir)).rejects.toMatchObject({
      code: "CLI_BAD_FILE",
      message: "cannot read nope.json: no such file",
    });
    await mkdir(join(dir, "empty"));
    await expect(readBots("empty", dir)).rejects.toMatchObject({
      code: "BOT_NO_FILES",
      message: "empty: a bots directory without .json files",
    });
    await writeFile(join(dir, "broken.json"), '{"id": "x",\n}');
    await expect(readBots("broken.json", dir)).rejects.toMatchObject({
      code: "CONFIG_BAD_JSON",
      where: { file: "broken.json", line: 2, column: 1 },
    });
    expect((await cli(["bots", "list"])).stderr).toContain("expected one bots file or directory");
    expect((await cli(["bots", "examples", "extra"])).stderr).toContain("unexpected 'extra'");
  });

  it("finds a config's team: inline bots, its bots_file relative to the config, or none", async () => {
    await cli(["bots", "examples", "--out", "team.json"]);
    const options = { maxBidders: 2 };
    expect((await routerBots({ botsFile: "team.json", options }, dir)).map((b) => b.id)).toEqual([
      "london-breakout",
      "ma-cross-primal",
    ]);
    const inline = await readBots("team.json", dir);
    expect(await routerBots({ bots: inline.slice(1), options }, "/nowhere")).toEqual(inline.slice(1));
    expect(await routerBots(undefined, dir)).toEqual([]);
  });

  it("the example bots file next to the session configs is the examples, validated", async () => {
    const file = await readFile("session_configs/bots/example-bots.json", "utf8");
    expect(JSON.parse(file)).toEqual(JSON.parse(exportBots(EXAMPLE_BOTS.map((b) => parseBot(b)))));
  });
});
