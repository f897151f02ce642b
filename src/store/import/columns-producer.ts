import type { Chunk } from "../../core/data/chunk.ts";
import type { BarColumns, TickColumns } from "../../core/data/types.ts";
import type { RowProducer } from "./text-producer.ts";

/**
 * Fills chunks from a generator of columns over time windows (the synthetic sample), so generated
 * data goes through the same analysis, partitioning and commit as an imported file. Progress is
 * in ms of the range instead of bytes.
 */
export class ColumnsProducer implements RowProducer {
  bytesRead = 0;
  readonly totalBytes: number;
  private cursor: number;
  private pending: BarColumns | TickColumns | undefined;
  private offset = 0;

  /**
   * @param generate rows of [from, to) UTC ms.
   * @param windowMs how much time one call to `generate` covers.
   */
  constructor(
    private readonly generate: (from: number, to: number) => BarColumns | TickColumns,
    private readonly from: number,
    private readonly to: number,
    private readonly windowMs: number,
  ) {
    this.cursor = from;
    this.totalBytes = to - from;
  }

  async fill(chunk: Chunk, target: number): Promise<boolean> {
    while (chunk.length < target) {
      if (!this.pending || this.offset >= this.pending.length) {
        if (this.cursor >= this.to) return false;
        const end = Math.min(this.to, this.cursor + this.windowMs);
        this.pending = this.generate(this.cursor, end);
        this.offset = 0;
        this.cursor = end;
        this.bytesRead = end - this.from;
        // Let the event loop breathe between windows (the app stays responsive).
        await new Promise((resolve) => setTimeout(resolve, 0));
        continue;
      }
      const n = Math.min(this.pending.length - this.offset, chunk.capacity - chunk.length, target - chunk.length);
      for (const [key, column] of Object.entries(this.pending)) {
        if (key === "length") continue;
        const into = (chunk as unknown as Record<string, Float64Array | Int32Array>)[key];
        into.set((column as Float64Array | Int32Array).subarray(this.offset, this.offset + n), chunk.length);
      }
      chunk.length += n;
      this.offset += n;
    }
    return this.cursor < this.to || (this.pending !== undefined && this.offset < this.pending.length);
  }
}
