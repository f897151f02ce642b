import { execFileSync } from "node:child_process";
import type { LaunchOptions } from "@playwright/test";

/**
 * Debian's Chromium, never a downloaded browser: `PIPSCOPE_CHROMIUM` overrides, else `which chromium`.
 * The flags keep a root, headless, offline machine quiet (no sandbox, no GPU, no phoning home).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: findChromium(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}

function findChromium(): string {
  const fromEnv = process.env.PIPSCOPE_CHROMIUM;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium not found: install Debian's `chromium` package or set PIPSCOPE_CHROMIUM to its path.");
  }
}
