import type { Page } from "@playwright/test";

/** An MT5 Bars export as MT5 writes it: UTF-16LE with BOM, CRLF, `<DATE>` header. */
export function mt5Export(rows: string[]): Buffer {
  const text = ["<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>", ...rows].join("\r\n");
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${text}\r\n`, "utf16le")]);
}

/** `count` M1 bars of AUDUSD from Monday 23 June 2025 00:00 server time. */
export function audusdBars(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const time = `${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`;
    const open = (0.65 + i * 0.00001).toFixed(5);
    const close = (0.65 + (i + 1) * 0.00001).toFixed(5);
    const high = (0.65 + (i + 3) * 0.00001).toFixed(5);
    const low = (0.65 + (i - 2) * 0.00001).toFixed(5);
    return ["2025.06.23", time, open, high, low, close, 40 + (i % 7), 0, 8].join("\t");
  });
}

/** Imports a file through the Data page's picker, with the timezone of its times. */
export async function importFile(page: Page, name: string, buffer: Buffer, zone = "mt5-server"): Promise<void> {
  await page.getByLabel("File to import", { exact: true }).setInputFiles({ name, mimeType: "text/plain", buffer });
  await page.getByLabel("Timezone of the file's times").fill(zone);
  await page.getByRole("button", { name: "Import", exact: true }).click();
}
