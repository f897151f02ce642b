/**
 * Builds the `pipscope` command as JavaScript (esbuild, one bundle with its chunks in build/cli/),
 * so a command starts at once instead of compiling TypeScript on every start. `npm install` runs it
 * (the `prepare` script); bin/pipscope.mjs runs it again when a source is newer than the build,
 * so development never runs stale code. Packages stay external (node_modules), and so does
 * wasm/build.mjs, which finds the kernels relative to itself: build/cli/ is two folders below the
 * repository, as src/cli/ is, so the bundle's "../../wasm/build.mjs" resolves as the source's does.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url);
const OUT = fileURLToPath(new URL("build/cli/", root));
const ENTRY = new URL("build/cli/pipscope.mjs", root);
/** What the build reads: a change to any of these makes it stale. */
const INPUTS = ["src", "wasm/build.mjs", "package.json"].map((path) => fileURLToPath(new URL(path, root)));

/** The newest modification time among the inputs (a few ms for the ~300 source files). */
function newestInput() {
  let newest = 0;
  for (const input of INPUTS) {
    const stats = statSync(input);
    if (!stats.isDirectory()) newest = Math.max(newest, stats.mtimeMs);
    else
      for (const entry of readdirSync(input, { recursive: true, withFileTypes: true }))
        if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/** Builds build/cli/ from the sources: beside it first, then swapped in, so a running command never sees half a build. */
export async function buildCli() {
  const { build } = await import("esbuild");
  const partial = `${OUT.replace(/\/$/, "")}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  await build({
    entryPoints: {
      pipscope: fileURLToPath(new URL("src/cli/pipscope.ts", root)),
      "sweep-thread": fileURLToPath(new URL("src/cli/sweep-thread.ts", root)),
      "print-thread": fileURLToPath(new URL("src/cli/print-thread.ts", root)),
    },
    outdir: partial,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["*/wasm/build.mjs", "@duckdb/duckdb-wasm", "ws", "esbuild"],
    // The packages' ES module builds: they bundle statically (jsonc-parser's UMD build requires at run time).
    mainFields: ["module", "main"],
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  rmSync(OUT, { recursive: true, force: true });
  try {
    renameSync(partial, OUT);
  } catch (error) {
    // Another process swapped its identical build in first: keep that one.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(ENTRY)) throw error;
  }
}

/** The built command's entry, built first when it is missing or older than a source. */
export async function cliEntry() {
  if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestInput()) await buildCli();
  return ENTRY;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildCli();
