/**
 * A file being imported, read in pieces so memory stays bounded whatever its size: a path in Node
 * (nodeFileSource), a File from a picker or a drop in the browser (blobSource).
 */
export interface ImportSource {
  /** The file's name, for messages and the catalog. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Bytes [start, end) of the file (fewer at its end). */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** A Blob or File as an ImportSource (browser). */
export function blobSource(blob: Blob, name: string): ImportSource {
  return {
    name,
    size: blob.size,
    async read(start, end) {
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}

/** Bytes held in memory as an ImportSource (tests, small uploads). */
export function bytesSource(bytes: Uint8Array, name: string): ImportSource {
  return {
    name,
    size: bytes.length,
    async read(start, end) {
      return bytes.subarray(start, Math.min(end, bytes.length));
    },
  };
}

/** How much of the head and tail the fingerprint reads. */
const FINGERPRINT_BYTES = 65536;

/**
 * Identifies a file's content cheaply: its size and a 64-bit FNV-1a hash of its first and last
 * 64 KiB. The same export imported twice (even renamed) is recognised without reading it all.
 */
export async function fingerprint(source: ImportSource): Promise<string> {
  const head = await source.read(0, FINGERPRINT_BYTES);
  const tail =
    source.size > FINGERPRINT_BYTES
      ? await source.read(Math.max(FINGERPRINT_BYTES, source.size - FINGERPRINT_BYTES), source.size)
      : new Uint8Array();
  // Two 32-bit FNV-1a lanes with different offsets stand in for one 64-bit hash.
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (const bytes of [head, tail]) {
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x01000193) ^ (a >>> 7);
    }
  }
  return `${source.size}-${(a >>> 0).toString(16).padStart(8, "0")}${(b >>> 0).toString(16).padStart(8, "0")}`;
}
