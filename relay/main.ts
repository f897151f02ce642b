// `npm run relay`: the relay as its own process (`pipscope relay` runs the same thing).
import { PipscopeError } from "../src/core/errors.ts";
import { runRelay } from "./run.ts";

try {
  process.exitCode = await runRelay(process.argv.slice(2), {
    stdout: process.stdout,
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  process.stderr.write(
    `relay: ${error instanceof PipscopeError ? error.describe() : ((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = error instanceof PipscopeError ? 2 : 1;
}
