import { afterEach, describe, expect, it, vi } from "vitest";
import { indicators } from "../../../src/core/kernels/index.ts";
import { fetchKernelBytes, initWorkerKernels } from "../../../src/workers/kernels.ts";
import { kernelBytes } from "./load.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the workers' kernel init", () => {
  it("fetches the module, and indicators() runs Bollinger in wasm", async () => {
    const bytes = await kernelBytes();
    const fetched: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      fetched.push(url);
      return new Response(new Uint8Array(bytes), { headers: { "content-type": "application/wasm" } });
    });
    expect(await initWorkerKernels()).toBeUndefined();
    expect(fetched).toEqual([expect.stringMatching(/kernels\.wasm/)]);
    expect(indicators().backends.bollinger).toBe("wasm");
  });

  it("a failed fetch names the URL and the HTTP status", async () => {
    vi.stubGlobal("fetch", async () => new Response("not found", { status: 404 }));
    await expect(fetchKernelBytes()).rejects.toMatchObject({
      code: "KERNELS_UNAVAILABLE",
      message: expect.stringMatching(/kernels\.wasm.*HTTP 404/),
    });
  });

  it("falls back to the twins when wasm cannot load, says why on the console, and never rejects", async () => {
    vi.stubGlobal("fetch", async () => new Response(new Uint8Array([0, 1, 2, 3])));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fallback = await initWorkerKernels();
    expect(fallback?.code).toBe("KERNELS_UNAVAILABLE");
    expect(new Set(Object.values(indicators().backends))).toEqual(new Set(["twin"]));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/wasm kernels did not load.*same results/));
  });
});
