import { execFile } from "node:child_process";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";

const run = promisify(execFile);

/** Runs the CLI in-process against a small command tree and captures its output. */
async function cli(argv: string[], commands: Command[] = TREE) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: "", err: "" };
  stdout.on("data", (c) => (chunks.out += c));
  stderr.on("data", (c) => (chunks.err += c));
  const code = await main(argv, { stdout, stderr, cwd: process.cwd() }, commands);
  return { code, ...chunks };
}

const calls: string[][] = [];
const TREE: Command[] = [
  {
    name: "data",
    summary: "Manage the local data cache",
    usage: "data <command>",
    subcommands: [
      {
        name: "import",
        summary: "Import a file",
        usage: "data import <file>",
        details: "Options:\n  --tz <zone>  the file's timezone",
        async run(args) {
          calls.push(args);
          return 0;
        },
      },
    ],
  },
];

describe("pipscope command line", () => {
  it("dispatches down the tree with the remaining arguments", async () => {
    const result = await cli(["data", "import", "a.csv", "--tz", "UTC"]);
    expect(result.code).toBe(0);
    expect(calls.at(-1)).toEqual(["a.csv", "--tz", "UTC"]);
  });

  it("prints a help tree: top level, a group, a leaf and help itself", async () => {
    const top = await cli(["help"]);
    expect(top.out).toMatch(/Commands:\n {2}data +Manage the local data cache\n {2}help /);
    const group = await cli(["help", "data"]);
    expect(group.out).toContain("Usage: pipscope data <command>");
    expect(group.out).toMatch(/import +Import a file/);
    const leaf = await cli(["data", "import", "--help"]);
    expect(leaf.out).toContain("--tz <zone>  the file's timezone");
    expect((await cli(["help", "help"])).out).toContain("pipscope help data import");
  });

  it("rejects an unknown command with exit 2 and suggests the nearest", async () => {
    const result = await cli(["dta"]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      "pipscope: unknown command 'dta'. Did you mean 'data'? Run 'pipscope help' for the list.\n",
    );
    const sub = await cli(["data", "imprt"]);
    expect(sub.code).toBe(2);
    expect(sub.err).toContain("unknown subcommand 'imprt'. Did you mean 'import'? Run 'pipscope help data'");
    expect((await cli(["help", "data", "nope"])).code).toBe(2);
  });

  it("exits 2 with usage when a group is called without a subcommand, or with no arguments", async () => {
    const group = await cli(["data"]);
    expect(group.code).toBe(2);
    expect(group.err).toContain("Usage: pipscope data <command>");
    expect((await cli([])).code).toBe(2);
  });

  it("exits 1 when a command fails unexpectedly", async () => {
    const failing: Command[] = [
      {
        name: "boom",
        summary: "fails",
        usage: "boom",
        async run() {
          throw new Error("disk on fire");
        },
      },
    ];
    const result = await cli(["boom"], failing);
    expect(result.code).toBe(1);
    expect(result.err).toContain("disk on fire");
  });

  // Two real processes (npx, tsx, the whole CLI): slow on a busy machine, so a longer timeout.
  it("works as `npx pipscope` through the package bin", { timeout: 60_000 }, async () => {
    const { stdout } = await run("npx", ["--no-install", "pipscope", "--help"], { encoding: "utf8" });
    expect(stdout).toMatch(/^pipscope \d+\.\d+\.\d+ — backtest MT5 strategies/);
    const failed = await run("npx", ["--no-install", "pipscope", "nonsense"], { encoding: "utf8" }).catch((e) => e);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("unknown command 'nonsense'");
  });
});
