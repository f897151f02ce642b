import { StringDecoder } from "node:string_decoder";

/**
 * Cuts a byte stream into lines, whatever the packets: a line may arrive in pieces, several may
 * arrive at once, and a UTF-8 character may be split between two chunks. `\n` and NUL both end a
 * line (MQL5's StringToCharArray appends a NUL to what the EA sends), `\r` is dropped, and empty
 * lines are skipped. A line longer than `maxLineBytes` is discarded up to its end and reported.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";
  private skipping = false;

  /** @param maxLineBytes longest line kept, in UTF-16 code units of the decoded text; default 64 KiB. */
  constructor(private readonly maxLineBytes = 65_536) {}

  /** Feeds one chunk; calls `line` for each complete line and `overlong` for each discarded one. */
  push(chunk: Buffer, line: (text: string) => void, overlong: () => void): void {
    const text = this.partial + this.decoder.write(chunk);
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 0) continue;
      if (this.skipping) this.skipping = false;
      else this.emit(text.slice(start, i), line);
      start = i + 1;
    }
    this.partial = this.skipping ? "" : text.slice(start);
    if (this.partial.length > this.maxLineBytes) {
      this.partial = "";
      this.skipping = true;
      overlong();
    }
  }

  /** At the end of the stream: the last line, if it had no terminator. */
  end(line: (text: string) => void): void {
    const rest = this.partial + this.decoder.end();
    this.partial = "";
    if (!this.skipping) this.emit(rest, line);
  }

  private emit(text: string, line: (text: string) => void): void {
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() !== "") line(trimmed);
  }
}
