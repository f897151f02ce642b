#!/usr/bin/env node
// The `pipscope` command. It runs the TypeScript sources through tsx, so `npx pipscope` works
// right after `npm install` with no build step to remember.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
const { COMMANDS } = await import("../src/cli/commands.ts");
process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  COMMANDS,
);
