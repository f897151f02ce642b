/**
 * Who the relay lets in. At most `maxClients` authenticated connections; apart from them, at most
 * `maxWaiting` that have yet to authenticate (with a token, those that did not give it in the
 * URL). A newcomer past `maxWaiting` pushes out the connection that has waited longest: idle
 * sockets cannot keep a token holder out, since it authenticates within a round trip and so never
 * waits long enough to be the oldest, and a waiting connection never takes a client's place.
 */
export class Admission<T> {
  /** In arrival order: the first has waited longest. */
  private readonly waiting = new Set<T>();
  private readonly admitted = new Set<T>();

  constructor(
    readonly maxClients: number,
    readonly maxWaiting: number,
  ) {}

  /** Authenticated connections. */
  get clients(): number {
    return this.admitted.size;
  }

  /** Connections waiting to authenticate. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Puts `connection` among those waiting; returns the one it pushed out, if there was no room. */
  wait(connection: T): T | undefined {
    let pushedOut: T | undefined;
    if (this.waiting.size >= this.maxWaiting) {
      pushedOut = this.waiting.values().next().value as T;
      this.waiting.delete(pushedOut);
    }
    this.waiting.add(connection);
    return pushedOut;
  }

  /** Lets `connection` in as a client; false when `maxClients` are in already. */
  admit(connection: T): boolean {
    this.waiting.delete(connection);
    if (this.admitted.size >= this.maxClients) return false;
    this.admitted.add(connection);
    return true;
  }

  /** Forgets `connection` (closed). */
  leave(connection: T): void {
    this.waiting.delete(connection);
    this.admitted.delete(connection);
  }
}
