import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { PipscopeError } from "../core/errors.ts";
import type { ImportSource } from "./import/source.ts";

/**
 * A file on disk as an ImportSource (CLI). Pieces are read with positioned reads on one open
 * handle, so a multi-GB export is never held in memory.
 * @throws PipscopeError DATA_FILE_NOT_FOUND naming the path.
 */
export async function nodeFileSource(path: string): Promise<ImportSource & { close(): Promise<void> }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    size = info.size;
  } catch {
    throw new PipscopeError("DATA_FILE_NOT_FOUND", `cannot read '${path}': no such file`, { file: path });
  }
  const handle = await open(path, "r");
  return {
    name: basename(path),
    size,
    async read(start, end) {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? buffer : buffer.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
