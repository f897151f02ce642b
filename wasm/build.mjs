/**
 * Builds the AssemblyScript kernels (wasm/assembly/) into wasm/build/kernels.wasm. Run by
 * `npm run build:wasm`, by `npm run build` and, through a vitest global setup, by the unit tests.
 * Skips the compile when the output is newer than every source, so a warm run costs a few stat
 * calls. `--force` rebuilds anyway.
 *
 * Flags: the stub runtime (the kernels never allocate; the host lays out memory), SIMD (the
 * session mask and the band/extreme passes use it), -O3 for speed, no assertions and no `abort`
 * import, so the module instantiates with an empty import object.
 */
import { mkdir, readdir, rename, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = new URL(".", import.meta.url);
const sources = new URL("assembly/", here);
/** The built module; git-ignored, never committed. */
export const KERNELS_WASM = fileURLToPath(new URL("build/kernels.wasm", here));

const FLAGS = ["--runtime", "stub", "--enable", "simd", "-O3", "--noAssert", "--use", "abort="];

/** Compiles the kernels unless wasm/build/kernels.wasm is newer than its sources; returns its path. */
export async function buildKernels({ force = false } = {}) {
  if (!force && (await isUpToDate())) return KERNELS_WASM;
  // Imported only when compiling: the compiler (Binaryen) takes ~0.4 s to load.
  const { default: asc } = await import("assemblyscript/asc");
  let binary;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(
    [fileURLToPath(new URL("index.ts", sources)), "--outFile", "kernels.wasm", ...FLAGS],
    {
      stderr,
      writeFile(name, contents) {
        if (name.endsWith(".wasm")) binary = contents;
      },
    },
  );
  if (error || !binary) throw new Error(`wasm build failed: ${error?.message ?? "no output"}\n${stderr.toString()}`);
  await mkdir(new URL("build/", here), { recursive: true });
  // Write then rename: a test or bench reading the module in parallel never sees half a file.
  const partial = `${KERNELS_WASM}.${process.pid}.partial`;
  await writeFile(partial, binary);
  await rename(partial, KERNELS_WASM);
  return KERNELS_WASM;
}

async function isUpToDate() {
  const built = await stat(KERNELS_WASM).catch(() => undefined);
  if (!built) return false;
  const inputs = [fileURLToPath(import.meta.url)];
  for (const name of await readdir(sources)) inputs.push(fileURLToPath(new URL(name, sources)));
  for (const input of inputs) if ((await stat(input)).mtimeMs > built.mtimeMs) return false;
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const path = await buildKernels({ force: process.argv.includes("--force") });
  const { size } = await stat(path);
  console.log(`wasm: ${path} (${size} bytes, ${Math.round(performance.now() - started)} ms)`);
}
