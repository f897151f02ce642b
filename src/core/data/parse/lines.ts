import { PipscopeError } from "../../errors.ts";

/**
 * The longest line a data file may have, in characters (1 MiB). Bars and ticks take a few dozen;
 * past this the file is not market data, and carrying the line on would cost memory and time
 * quadratic in its length.
 */
export const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Called for each line: the line is `text[start, end)` (no terminator), `line` is 1-based.
 * Returning false pauses the splitter after this line.
 */
export type LineHandler = (text: string, start: number, end: number, line: number) => boolean;

/**
 * Splits decoded text arriving in pieces into lines (LF or CRLF), carrying a partial line over to
 * the next piece, so a file of any size is read with memory bounded by the piece size. The reader
 * pulls lines (`drain`) and can stop at any line, e.g. when a chunk of rows is full. A line
 * longer than `maxLineChars` is refused as soon as the piece that makes it so arrives.
 */
export class LineSplitter {
  private text = "";
  private position = 0;
  /** Lines handed out so far. */
  line = 0;

  /** @param file names the file in errors. */
  constructor(
    private readonly file: string,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  /**
   * Appends the next piece of text.
   * @throws PipscopeError DATA_LINE_TOO_LONG naming the line that would pass `maxLineChars`.
   */
  push(piece: string): void {
    const lastBreak = this.text.lastIndexOf("\n");
    const open = Math.max(this.position, lastBreak + 1); // where the unterminated line begins
    const firstBreak = piece.indexOf("\n");
    if (this.text.length - open + (firstBreak < 0 ? piece.length : firstBreak) > this.maxLineChars) {
      let line = this.line + 1;
      for (let i = this.text.indexOf("\n", this.position); i >= 0 && i < open; i = this.text.indexOf("\n", i + 1))
        line++;
      throw new PipscopeError(
        "DATA_LINE_TOO_LONG",
        `line ${line} runs past ${this.maxLineChars.toLocaleString("en-US")} characters without a line break; bars and ticks take a few dozen a line — is this the right file?`,
        { file: this.file, line },
      );
    }
    this.text = this.position < this.text.length ? this.text.slice(this.position) + piece : piece;
    this.position = 0;
  }

  /** Hands out complete lines until `onLine` returns false (then returns false) or none are left (true). */
  drain(onLine: LineHandler): boolean {
    const text = this.text;
    for (;;) {
      const newline = text.indexOf("\n", this.position);
      if (newline < 0) return true;
      const start = this.position;
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.position = newline + 1;
      if (!onLine(text, start, end, ++this.line)) return false;
    }
  }

  /**
   * Ends the input (call once `drain` returned true): hands out the last line if it had no
   * terminator and returns true then (a file whose last line is cut short often ends that way).
   */
  end(onLine: LineHandler): boolean {
    const text = this.text.slice(this.position);
    this.text = "";
    this.position = 0;
    const end = text.endsWith("\r") ? text.length - 1 : text.length;
    if (end === 0) return false;
    onLine(text, 0, end, ++this.line);
    return true;
  }
}
