import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

/** The CLI's worker threads, each a file beside this one (`src/cli/<name>.ts`) and an entry of the build. */
export type ThreadName = "sweep-thread" | "print-thread";

// Two folders below the repository, as this file is: the bundle's "../../wasm/build.mjs" and its
// packages (node_modules, found walking up) resolve as they do from here.
const CACHE = fileURLToPath(new URL("../../.cache/pipscope/", import.meta.url));
const entries = new Map<ThreadName, URL>();

/**
 * A thread's code as JavaScript: the one built beside this file when the CLI runs built
 * (build/cli/, scripts/build-cli.mjs), else one file bundled here once per process with esbuild
 * (tests and tools that run the TypeScript): a thread then starts in about 0.1 s instead of
 * spending ~1.4 s of CPU loading TypeScript through tsx. Packages stay external, and so does
 * wasm/build.mjs, which finds the kernels relative to itself.
 */
export function threadEntry(name: ThreadName): URL {
  const known = entries.get(name);
  if (known) return known;
  const built = new URL(`./${name}.mjs`, import.meta.url);
  if (import.meta.url.endsWith(".mjs") && existsSync(fileURLToPath(built))) {
    entries.set(name, built);
    return built;
  }
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
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
  const file = join(CACHE, `${name}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  const entry = pathToFileURL(file);
  entries.set(name, entry);
  return entry;
}
