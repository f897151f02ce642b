import type { Writable } from "node:stream";

/** Where a command writes: stdout for results, stderr for logs and errors. Injected for tests. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** The working directory; `.pipscope/` lives under it unless `--data-dir` says otherwise. */
  cwd: string;
}

/**
 * One node of the command tree: `pipscope data import` is `data` with a subcommand `import`.
 * A command runs (`run`) or groups subcommands, or both.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line after `pipscope `, e.g. `data import <file> [--tz <zone>]`. */
  usage: string;
  /** Longer help: options, examples. */
  details?: string;
  subcommands?: Command[];
  /** Runs with the arguments after the command path; returns the exit code (0, 1 or 2). */
  run?: (args: string[], io: CliIo) => Promise<number>;
}

/** Exit codes of SPEC §8a. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
