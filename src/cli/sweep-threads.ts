import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { PoolHost, SweepPort } from "../core/engine/sweep/index.ts";

const SOURCE = fileURLToPath(new URL("./sweep-thread.ts", import.meta.url));
// Two folders below the repository, as this file is: the bundle's "../../wasm/build.mjs" and its
// packages (node_modules, found walking up) resolve as they do from here.
const CACHE = fileURLToPath(new URL("../../.cache/pipscope/", import.meta.url));

let entry: URL | undefined;

/**
 * The thread's code as JavaScript: the one built beside this file when the CLI runs built
 * (build/cli/, scripts/build-cli.mjs), else one file bundled here once per process with esbuild
 * (tests and tools that run the TypeScript): a thread then starts in about 0.1 s instead of
 * spending ~1.4 s of CPU loading TypeScript through tsx. Packages stay external, and so does
 * wasm/build.mjs, which finds the kernels relative to itself.
 */
function threadEntry(): URL {
  if (entry) return entry;
  const built = new URL("./sweep-thread.mjs", import.meta.url);
  if (import.meta.url.endsWith(".mjs") && existsSync(fileURLToPath(built))) {
    entry = built;
    return entry;
  }
  const { outputFiles } = buildSync({
    entryPoints: [SOURCE],
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    external: ["*/wasm/build.mjs"],
    logLevel: "silent",
  });
  const code = outputFiles[0].contents;
  // Named by content: processes share a file, and a new one appears only when the code changes.
  const file = join(CACHE, `sweep-thread-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  entry = pathToFileURL(file);
  return entry;
}

/**
 * The CLI's sweep pool: `size` worker_threads (default `os.availableParallelism()`), each running
 * the core sweep worker. Data posted to them in SharedArrayBuffers is shared, not copied.
 * `observe` sees each thread as it starts (tests watch them exit).
 */
export function threadPoolHost(size = availableParallelism(), observe?: (worker: Worker) => void): PoolHost {
  return {
    size,
    now: () => Date.now(),
    spawn(index): SweepPort {
      const worker = new Worker(threadEntry(), { name: `pipscope-sweep-${index + 1}` });
      observe?.(worker);
      return {
        post: (message) => worker.postMessage(message),
        listen(onMessage, onError) {
          worker.on("message", onMessage);
          worker.on("error", onError);
          worker.on("exit", (code) => onError(new Error(`the thread exited (code ${code})`)));
        },
        terminate: () => void worker.terminate(),
      };
    },
  };
}
