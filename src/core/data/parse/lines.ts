/**
 * Called for each line: the line is `text[start, end)` (no terminator), `line` is 1-based.
 * Returning false pauses the splitter after this line.
 */
export type LineHandler = (text: string, start: number, end: number, line: number) => boolean;

/**
 * Splits decoded text arriving in pieces into lines (LF or CRLF), carrying a partial line over to
 * the next piece, so a file of any size is read with memory bounded by the piece size. The reader
 * pulls lines (`drain`) and can stop at any line, e.g. when a chunk of rows is full.
 */
export class LineSplitter {
  private text = "";
  private position = 0;
  /** Lines handed out so far. */
  line = 0;

  /** Appends the next piece of text. */
  push(piece: string): void {
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
