/**
 * The few WebAssembly APIs the kernel loader uses, typed here because src/core compiles against
 * lib ES2022 alone, which has no WebAssembly types. Every runtime Pipscope runs in — browser,
 * worker, Node — has the `WebAssembly` global, so the loader stays pure core (it is handed bytes
 * and does no I/O). A local interface rather than an ambient `declare namespace WebAssembly`,
 * which would clash with lib.dom's declarations in the app's tsconfig.
 */

/** A linear memory: its current buffer (replaced, and the old one detached, by every grow). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` × 64 KiB; returns the previous size in pages; throws RangeError past the limit. */
  grow(pages: number): number;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  instantiate(bytes: ArrayBuffer | Uint8Array, imports: object): Promise<{ instance: WasmInstance }>;
}

/** Bytes of a 64 KiB WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;

/** The runtime's WebAssembly API, or undefined where there is none (e.g. a locked-down engine). */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
