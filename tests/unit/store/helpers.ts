import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { bytesSource } from "../../../src/store/import/source.ts";
import { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";

/** A store on a fresh temporary data directory. */
export async function freshStore(): Promise<{ store: MarketStore; root: string }> {
  const root = await mkdtemp(join(tmpdir(), "pipscope-store-"));
  return { store: await MarketStore.open(await openNodeHost(root)), root };
}

/** A store reopened on an existing directory (a new host, as after a restart). */
export async function reopen(root: string): Promise<MarketStore> {
  return MarketStore.open(await openNodeHost(root));
}

/** Every file under `root` (recursively) with the SHA-256 of its bytes: compare two to prove nothing changed. */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const key = relative(root, path);
    out[key] = entry.isFile()
      ? createHash("sha256")
          .update(await readFile(path))
          .digest("hex")
      : "dir";
  }
  return out;
}

/** Text as an import source, UTF-8. */
export function textFile(name: string, text: string) {
  return bytesSource(new TextEncoder().encode(text), name);
}

/** Text as UTF-16LE with a byte-order mark, as MT5 writes its exports. */
export function utf16File(name: string, text: string) {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[2 + 2 * i] = code & 0xff;
    bytes[3 + 2 * i] = code >> 8;
  }
  return bytesSource(bytes, name);
}

/** An MT5 Bars export line (tab-separated). */
export function mt5Bar(
  date: string,
  time: string,
  o: number,
  h: number,
  l: number,
  c: number,
  tickVolume = 10,
  spread = 5,
) {
  return [date, time, o, h, l, c, tickVolume, 0, spread].join("\t");
}

export const MT5_BARS_HEADER = "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>";
