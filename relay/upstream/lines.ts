/**
 * Cuts a byte stream into lines, whatever the packets: a line may arrive in pieces, several may
 * arrive at once, and a UTF-8 character may be split between two chunks (each line is decoded
 * whole; no byte of a multi-byte UTF-8 character is `\n` or NUL). `\n` and NUL both end a line
 * (MQL5's StringToCharArray appends a NUL to what the EA sends), a trailing `\r` is dropped, and
 * blank lines are skipped. A line longer than `maxLineBytes` is reported once and discarded: its
 * bytes are let go as they arrive, up to its end, so a peer that never ends a line costs nothing.
 */
export class LineSplitter {
  /** Pieces of the line not yet ended, copied out of their chunks. */
  private pieces: Buffer[] = [];
  private held = 0;
  /** Inside a line already found too long: drop bytes until its end. */
  private skipping = false;

  /** @param maxLineBytes longest line kept, in bytes, not counting its terminator. */
  constructor(private readonly maxLineBytes: number) {}

  /** Feeds one chunk; calls `line` for each complete line and `overlong` once per discarded one. */
  push(chunk: Buffer, line: (text: string) => void, overlong: () => void): void {
    let start = 0;
    // Native searches for the two terminators, twice as fast as a byte loop; NULs are rare, so
    // the next one is looked for again only once passed.
    let nul = chunk.indexOf(0);
    for (;;) {
      let end = chunk.indexOf(10, start);
      if (nul >= 0 && nul < start) nul = chunk.indexOf(0, start);
      if (nul >= 0 && (end < 0 || nul < end)) end = nul;
      if (end < 0) break;
      if (this.skipping) this.skipping = false;
      else if (this.held + (end - start) > this.maxLineBytes) overlong();
      else this.emit(chunk.subarray(start, end), line);
      this.pieces = [];
      this.held = 0;
      start = end + 1;
    }
    if (this.skipping || start === chunk.length) return;
    if (this.held + (chunk.length - start) > this.maxLineBytes) {
      this.pieces = [];
      this.held = 0;
      this.skipping = true;
      overlong();
      return;
    }
    this.pieces.push(Buffer.from(chunk.subarray(start)));
    this.held += chunk.length - start;
  }

  /** At the end of the stream: the last line, if it had no terminator. */
  end(line: (text: string) => void): void {
    if (!this.skipping && this.held > 0) this.emit(Buffer.alloc(0), line);
    this.pieces = [];
    this.held = 0;
    this.skipping = false;
  }

  private emit(tail: Buffer, line: (text: string) => void): void {
    const bytes = this.held === 0 ? tail : Buffer.concat([...this.pieces, tail]);
    const text = bytes.toString("utf8");
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() !== "") line(trimmed);
  }
}
