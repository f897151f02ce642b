import { PipscopeError } from "../../core/errors.ts";

/** What the first bytes of a file say it is. */
export type Sniffed =
  | { kind: "text"; encoding: "utf-8" | "utf-16le" | "utf-16be"; bomBytes: number }
  | { kind: "parquet" };

/**
 * Recognises Parquet (the `PAR1` magic), the text encodings MT5 and others write (UTF-8 with or
 * without BOM, UTF-16LE/BE with BOM, or UTF-16LE without one — every other byte zero), and
 * refuses empty and binary files.
 * @throws PipscopeError DATA_EMPTY_FILE, DATA_BINARY_FILE naming the file.
 */
export function sniff(head: Uint8Array, file: string): Sniffed {
  if (head.length === 0) throw new PipscopeError("DATA_EMPTY_FILE", "the file is empty", { file });
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) {
    return { kind: "parquet" };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: "text", encoding: "utf-16le", bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: "text", encoding: "utf-16be", bomBytes: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: "text", encoding: "utf-8", bomBytes: 3 };
  const n = Math.min(head.length, 4096);
  let oddZeros = 0;
  let evenZeros = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2) oddZeros++;
      else evenZeros++;
    } else if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  if (oddZeros > n / 4 && evenZeros === 0) return { kind: "text", encoding: "utf-16le", bomBytes: 0 };
  if (oddZeros + evenZeros > 0 || control > n / 100) {
    throw new PipscopeError(
      "DATA_BINARY_FILE",
      "this is a binary file, not a text export or Parquet: export bars or ticks from MT5 as text (File → Export), or pick a CSV",
      { file },
    );
  }
  return { kind: "text", encoding: "utf-8", bomBytes: 0 };
}

/** A streaming decoder that also rejects text that turns binary later in the file. */
export class TextStream {
  private readonly decoder: TextDecoder;

  constructor(
    encoding: "utf-8" | "utf-16le" | "utf-16be",
    private readonly file: string,
  ) {
    this.decoder = new TextDecoder(encoding);
  }

  /** Decodes the next piece (a multi-byte character split between pieces is carried over). */
  decode(bytes: Uint8Array, offset: number): string {
    const text = this.decoder.decode(bytes, { stream: true });
    const nul = text.indexOf("\u0000");
    if (nul >= 0) {
      throw new PipscopeError(
        "DATA_BINARY_FILE",
        `binary data (a NUL character) near byte ${offset + nul} of a text file`,
        {
          file: this.file,
        },
      );
    }
    return text;
  }

  end(): string {
    return this.decoder.decode();
  }
}
