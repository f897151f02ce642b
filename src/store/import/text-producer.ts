import type { Chunk } from "../../core/data/chunk.ts";
import type { TextLayout } from "../../core/data/formats/layout.ts";
import { LineSplitter } from "../../core/data/parse/lines.ts";
import { RowReader } from "../../core/data/parse/rows.ts";
import { PipscopeError } from "../../core/errors.ts";
import { TextStream } from "./decode.ts";
import type { ImportSource } from "./source.ts";

/** Bytes read per step: small enough to keep memory flat, large enough for fast decoding. */
export const PIECE_BYTES = 256 * 1024;

/** Something that fills chunks with rows from a file, with progress in bytes. */
export interface RowProducer {
  /** Fills `chunk` up to `target` rows (at most its capacity); false once the file is done. */
  fill(chunk: Chunk, target: number): Promise<boolean>;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/**
 * Reads a delimited text file piece by piece: decode, split lines, parse rows by the layout.
 * Memory is bounded by one piece plus the chunk, whatever the file's size.
 */
export class TextProducer implements RowProducer {
  bytesRead: number;
  readonly totalBytes: number;
  private readonly splitter: LineSplitter;
  private readonly decoder: TextStream;
  private readonly reader: RowReader;
  private headerLeft: number;
  private done = false;

  constructor(
    private readonly source: ImportSource,
    layout: TextLayout,
    encoding: "utf-8" | "utf-16le" | "utf-16be",
    bomBytes: number,
    toUtc: (local: number) => number,
  ) {
    this.bytesRead = bomBytes;
    this.totalBytes = source.size;
    this.splitter = new LineSplitter(source.name);
    this.decoder = new TextStream(encoding, source.name);
    this.reader = new RowReader(layout, toUtc, source.name);
    this.headerLeft = layout.headerLines;
  }

  async fill(chunk: Chunk, target: number): Promise<boolean> {
    const limit = Math.min(target, chunk.capacity);
    const onLine = (text: string, start: number, end: number, line: number) => {
      // Header lines are the first non-blank ones (detection skipped leading blank lines too).
      if (this.headerLeft > 0) {
        if (text.slice(start, end).trim() !== "") this.headerLeft--;
        return true;
      }
      this.reader.read(text, start, end, line, chunk);
      return chunk.length < limit;
    };
    while (!this.done && chunk.length < limit) {
      if (!this.splitter.drain(onLine)) break;
      if (this.bytesRead >= this.totalBytes) {
        this.splitter.push(this.decoder.end());
        if (!this.splitter.drain(onLine)) break;
        this.finish(onLine);
        this.done = true;
        break;
      }
      const piece = await this.source.read(this.bytesRead, this.bytesRead + PIECE_BYTES);
      if (piece.length === 0) {
        throw new PipscopeError("DATA_READ_FAILED", `the file ended at byte ${this.bytesRead} of ${this.totalBytes}`, {
          file: this.source.name,
        });
      }
      this.splitter.push(this.decoder.decode(piece, this.bytesRead));
      this.bytesRead += piece.length;
    }
    return !this.done;
  }

  /** The last line without a line break: if it does not parse, the file was cut short. */
  private finish(onLine: (text: string, start: number, end: number, line: number) => boolean): void {
    try {
      this.splitter.end(onLine);
    } catch (error) {
      if (error instanceof PipscopeError && error.code === "DATA_FIELD_COUNT") {
        throw new PipscopeError(
          "DATA_TRUNCATED_LINE",
          `the last line is cut short (${error.message.replace(/ — .*/, "")}): was the export interrupted? Export again or delete that line`,
          error.where,
        );
      }
      throw error;
    }
  }
}
