import { PipscopeError } from "../errors.ts";
import type { Span } from "../strategy/indicators/checks.ts";
import { WASM_PAGE_BYTES, type WasmMemory } from "./wasm-api.ts";

type TypedArray = Float64Array | Int32Array | Int8Array | Uint8Array;

interface ViewConstructor<T extends TypedArray> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A column laid out in an arena's memory: kernels get its address, JavaScript reads and writes it
 * through `view`, a zero-copy typed array over the memory. Growing a wasm memory detaches every
 * view of the old buffer, so `view` is re-created whenever the buffer has changed: read `view`
 * after allocating, rather than holding an old one. Valid until the arena is released below it.
 */
export class Column<T extends TypedArray> implements Span {
  private cached: T | undefined;
  private cachedBuffer: ArrayBuffer | undefined;

  constructor(
    readonly arena: ColumnArena,
    /** Byte address in the arena's memory (16-byte aligned). */
    readonly ptr: number,
    readonly length: number,
    private readonly kind: ViewConstructor<T>,
  ) {}

  /** The values, as a typed array over the arena's current buffer. */
  get view(): T {
    const buffer = this.arena.memory.buffer;
    if (buffer !== this.cachedBuffer || !this.cached) {
      this.cached = new this.kind(buffer, this.ptr, this.length);
      this.cachedBuffer = buffer;
    }
    return this.cached;
  }

  /** The arena, as the identity that overlap checks compare (Span). */
  get buffer(): object {
    return this.arena;
  }

  get byteOffset(): number {
    return this.ptr;
  }

  get byteLength(): number {
    return this.length * this.kind.BYTES_PER_ELEMENT;
  }
}

export type F64Column = Column<Float64Array>;
export type I32Column = Column<Int32Array>;
export type I8Column = Column<Int8Array>;
export type U8Column = Column<Uint8Array>;

/** Columns start on 16-byte boundaries, so SIMD loads are aligned. */
const ALIGN = 16;

/**
 * A bump allocator of columns in a linear memory (the wasm kernels' memory, or a plain heap when
 * wasm is unavailable). The stub runtime of the kernels never frees, and neither does this:
 * memory is reused by releasing back to a `mark()` (or `reset()`), so a run that allocates the
 * same columns every time keeps the memory at its high-water mark instead of growing.
 */
export class ColumnArena {
  private top: number;

  constructor(
    readonly memory: WasmMemory,
    /** First byte this arena may use (the kernels' static data lies below). */
    private readonly base: number,
  ) {
    this.top = alignUp(base);
  }

  f64(length: number): F64Column {
    return new Column(this, this.allocate(length * 8), length, Float64Array);
  }

  i32(length: number): I32Column {
    return new Column(this, this.allocate(length * 4), length, Int32Array);
  }

  i8(length: number): I8Column {
    return new Column(this, this.allocate(length), length, Int8Array);
  }

  u8(length: number): U8Column {
    return new Column(this, this.allocate(length), length, Uint8Array);
  }

  /** A new f64 column holding a copy of `values` (data enters wasm memory once, here). */
  f64From(values: Float64Array): F64Column {
    const column = this.f64(values.length);
    column.view.set(values);
    return column;
  }

  /** A new u8 column holding a copy of `values`. */
  u8From(values: Uint8Array): U8Column {
    const column = this.u8(values.length);
    column.view.set(values);
    return column;
  }

  /** The current allocation point, to `release` back to. */
  mark(): number {
    return this.top;
  }

  /** Frees every column allocated since `mark` (their memory is reused; their views go stale). */
  release(mark: number): void {
    if (mark < alignUp(this.base) || mark > this.top) {
      throw new PipscopeError(
        "KERNEL_BAD_MARK",
        `arena mark ${mark} is not between the base and the top (${this.top})`,
      );
    }
    this.top = mark;
  }

  /** Frees every column. */
  reset(): void {
    this.top = alignUp(this.base);
  }

  /** Bytes held by live columns. */
  get bytesInUse(): number {
    return this.top - alignUp(this.base);
  }

  private allocate(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new PipscopeError("KERNEL_BAD_LENGTH", `a column needs a whole, non-negative length, got ${bytes} bytes`);
    }
    const at = this.top;
    const end = alignUp(at + bytes);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / WASM_PAGE_BYTES));
      } catch (error) {
        throw new PipscopeError(
          "KERNEL_OUT_OF_MEMORY",
          `cannot grow kernel memory to ${Math.ceil(end / 2 ** 20)} MiB: ${(error as Error).message}`,
        );
      }
    }
    this.top = end;
    return at;
  }
}

/**
 * A plain growable heap with a wasm memory's shape, for the twin kernels when wasm cannot load:
 * growing copies into a bigger ArrayBuffer, and columns re-create their views as with wasm.
 */
export function makeHeapMemory(): WasmMemory {
  let buffer = new ArrayBuffer(WASM_PAGE_BYTES);
  return {
    get buffer() {
      return buffer;
    },
    grow(pages: number): number {
      const previous = buffer.byteLength / WASM_PAGE_BYTES;
      const next = new ArrayBuffer(buffer.byteLength + pages * WASM_PAGE_BYTES);
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      return previous;
    },
  };
}

function alignUp(address: number): number {
  return Math.ceil(address / ALIGN) * ALIGN;
}
