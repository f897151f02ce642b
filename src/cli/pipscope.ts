import { COMMANDS } from "./commands.ts";
import { main } from "./main.ts";

/** The `pipscope` process: the command line with every command, on this process's streams. */
process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  COMMANDS,
);
