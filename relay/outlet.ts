import type { FrameKind, Outlet } from "./fan-out.ts";

/** The part of a `ws` WebSocket an outlet writes to. */
export interface FrameSocket {
  send(frame: Buffer | string, options: { binary: boolean }): void;
  readonly bufferedAmount: number;
}

const TEXT = { binary: false } as const;

/**
 * One client's socket behind the per-client send-buffer bound. Ticks are paced by the fan-out,
 * which reads `bufferedAmount`. Every other frame goes through `sendLatest`: sent at once while
 * the socket holds at most `maxBufferBytes`; otherwise it waits, and a newer frame of its kind
 * replaces it. So a client that stops reading while it floods the relay with requests costs the
 * bound plus one frame of each kind, however many replies it is owed.
 */
export class BoundedOutlet implements Outlet {
  /** The latest waiting frame of each kind, oldest first. */
  private readonly waiting = new Map<FrameKind, string>();
  private retry: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param superseded called for each waiting frame a newer one of its kind replaced.
   * @param retryMs how often a full buffer is looked at again, ms.
   */
  constructor(
    private readonly socket: FrameSocket,
    private readonly maxBufferBytes: number,
    private readonly superseded: () => void,
    private readonly retryMs = 20,
  ) {}

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** A tick or `dropped` frame, sent as is: frames that wait go first, to keep their order. */
  send(frame: Buffer | string): void {
    if (this.waiting.size > 0) this.flush();
    this.socket.send(frame, TEXT);
  }

  sendLatest(kind: FrameKind, frame: string): void {
    if (this.waiting.size === 0 && this.socket.bufferedAmount <= this.maxBufferBytes) {
      this.socket.send(frame, TEXT);
      return;
    }
    if (this.waiting.delete(kind)) this.superseded();
    this.waiting.set(kind, frame);
    this.retryLater();
  }

  /** Drops what waits; the socket is closing. */
  close(): void {
    clearTimeout(this.retry);
    this.waiting.clear();
  }

  private flush(): void {
    for (const [kind, frame] of this.waiting) {
      if (this.socket.bufferedAmount > this.maxBufferBytes) {
        this.retryLater();
        return;
      }
      this.waiting.delete(kind);
      this.socket.send(frame, TEXT);
    }
  }

  private retryLater(): void {
    if (this.retry !== undefined) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.flush();
    }, this.retryMs);
  }
}
