import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromium.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Whichever free port the OS gives. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BuiltApp {
  browser: Browser;
  /** Where `vite preview` serves it, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The build's directory. */
  dist: string;
}

/**
 * Runs `work` against the built app as a user gets it: PIPSCOPE_DIST (default dist/, built first
 * when absent) served by `vite preview` on 127.0.0.1, in Debian's Chromium. Both stop afterwards.
 */
export async function withBuiltApp<T>(work: (app: BuiltApp) => Promise<T>): Promise<T> {
  const dist = join(ROOT, process.env.PIPSCOPE_DIST ?? "dist");
  if (!existsSync(join(dist, "index.html"))) {
    const build = spawn("npm", ["run", "build", "--", "--outDir", dist], { cwd: ROOT, stdio: "inherit" });
    const [code] = (await once(build, "exit")) as [number | null];
    if (code !== 0) throw new Error(`the build exited with ${code}`);
  }
  const port = await freePort();
  const server = spawn("npx", ["vite", "preview", "--strictPort", "--port", String(port), "--outDir", dist], {
    cwd: ROOT,
    stdio: "ignore",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(url)).ok) break;
      } catch (error) {
        if (tries > 60) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return await work({ browser, url, dist });
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
}
