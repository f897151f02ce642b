/** Path of the built module, wasm/build/kernels.wasm (git-ignored). */
export declare const KERNELS_WASM: string;
/** Compiles the kernels unless the build is newer than its sources; resolves to the module's path. */
export declare function buildKernels(options?: { force?: boolean }): Promise<string>;
