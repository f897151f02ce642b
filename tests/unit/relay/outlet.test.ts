import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BoundedOutlet, type FrameSocket } from "../../../relay/outlet.ts";

/** A socket whose unsent bytes the test sets; it keeps what was sent. */
class FakeSocket implements FrameSocket {
  sent: string[] = [];
  bufferedAmount = 0;
  send(frame: Buffer | string) {
    this.sent.push(frame.toString());
  }
}

describe("BoundedOutlet", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends replies at once while the buffer is within the bound", () => {
    const socket = new FakeSocket();
    const outlet = new BoundedOutlet(socket, 100, () => {});
    outlet.sendLatest("hello", "h");
    socket.bufferedAmount = 100;
    outlet.sendLatest("pong", "p");
    expect(socket.sent).toEqual(["h", "p"]);
  });

  it("keeps only the latest reply of each kind while the buffer is full, then sends them in order", () => {
    const socket = new FakeSocket();
    let superseded = 0;
    const outlet = new BoundedOutlet(socket, 100, () => superseded++, 10);
    socket.bufferedAmount = 101;
    for (let i = 0; i < 10_000; i++) outlet.sendLatest("subscribed", `s${i}`);
    outlet.sendLatest("error", "e1");
    outlet.sendLatest("pong", "p1");
    outlet.sendLatest("error", "e2");
    vi.advanceTimersByTime(50);
    expect(socket.sent).toEqual([]);
    expect(superseded).toBe(10_000);
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    expect(socket.sent).toEqual(["s9999", "p1", "e2"]);
  });

  it("stops flushing when the buffer fills again, and sends waiting replies before the next tick", () => {
    // A peer that reads nothing: each frame stays in the buffer.
    const socket = new FakeSocket();
    socket.send = (frame) => {
      socket.sent.push(frame.toString());
      socket.bufferedAmount += 60;
    };
    const outlet = new BoundedOutlet(socket, 100, () => {}, 10);
    socket.bufferedAmount = 200;
    outlet.sendLatest("subscribed", "s");
    outlet.sendLatest("pong", "p");
    outlet.sendLatest("error", "e");
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    expect(socket.sent).toEqual(["s", "p"]); // 120 bytes queued: over the bound again
    socket.bufferedAmount = 0;
    outlet.send("tick");
    expect(socket.sent).toEqual(["s", "p", "e", "tick"]);
  });

  it("drops what waits when it is closed", () => {
    const socket = new FakeSocket();
    const outlet = new BoundedOutlet(socket, 100, () => {}, 10);
    socket.bufferedAmount = 101;
    outlet.sendLatest("pong", "p");
    outlet.close();
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(100);
    expect(socket.sent).toEqual([]);
  });
});
