import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";
import { contentSecurityPolicy, crossOriginIsolation } from "./scripts/headers.ts";
import { buildKernels } from "./wasm/build.mjs";

/** Largest file the service worker precaches: DuckDB-WASM's module is ~35 MB. */
const MAX_PRECACHE_BYTES = 64 * 1024 * 1024;

export default defineConfig({
  plugins: [
    solid(),
    contentSecurityPolicy(),
    // The workers import the kernels as a `?url` asset: build them from source first (skipped when fresh).
    { name: "pipscope-wasm-kernels", buildStart: async () => void (await buildKernels()) },
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      registerType: "prompt",
      injectRegister: false,
      manifest: false, // public/manifest.webmanifest is the one source
      injectManifest: {
        // Default globs skip .wasm: the kernels and DuckDB must work offline.
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest,wasm}"],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true },
  server: { host: "127.0.0.1", port: 5173, headers: crossOriginIsolation },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true, headers: crossOriginIsolation },
});
