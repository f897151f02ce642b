/**
 * Renders public/icon.svg to the PNG icons the manifest lists, in Debian's Chromium.
 * Run by hand after changing the SVG: `npx tsx scripts/render-icons.ts`; the PNGs are committed.
 */
import { readFile } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../tests/e2e/chromium.ts";

const svg = await readFile(new URL("../public/icon.svg", import.meta.url), "utf8");
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
const targets = [
  { file: "icon-192.png", size: 192, inset: 0 },
  { file: "icon-512.png", size: 512, inset: 0 },
  // Maskable icons keep their content inside the central 80 % safe zone.
  { file: "maskable-512.png", size: 512, inset: 0.12 },
];
for (const { file, size, inset } of targets) {
  const pad = Math.round(size * inset);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<body style="margin:0;background:${inset ? "#0f1720" : "transparent"}"><div style="padding:${pad}px;width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace("<svg ", '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/${file}`, import.meta.url).pathname,
    omitBackground: inset === 0,
  });
}
await browser.close();
