import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../relay/upstream/lines.ts";
import { MAX_UPSTREAM_MESSAGE_BYTES } from "../../../relay/upstream/upstream.ts";

function feed(chunks: (string | Buffer)[], max = MAX_UPSTREAM_MESSAGE_BYTES) {
  const splitter = new LineSplitter(max);
  const lines: string[] = [];
  let overlong = 0;
  for (const chunk of chunks) {
    splitter.push(
      typeof chunk === "string" ? Buffer.from(chunk) : chunk,
      (l) => lines.push(l),
      () => overlong++,
    );
  }
  splitter.end((l) => lines.push(l));
  return { lines, overlong };
}

describe("LineSplitter", () => {
  it("joins a line split across three packets", () => {
    expect(feed(['{"type":"ti', 'ck","bid"', ":1}\n"]).lines).toEqual(['{"type":"tick","bid":1}']);
  });

  it("cuts two lines and a half from one packet, keeping the half for the next", () => {
    expect(feed(["a\nb\nc", "d\n"]).lines).toEqual(["a", "b", "cd"]);
  });

  it("drops MQL5's trailing NUL, CRLF endings and empty lines", () => {
    expect(feed(["a\n\0", "b\r\n\0\0", "\n\nc\0"]).lines).toEqual(["a", "b", "c"]);
  });

  it("keeps a UTF-8 character split between packets", () => {
    const bytes = Buffer.from("€1\n");
    expect(feed([bytes.subarray(0, 1), bytes.subarray(1)]).lines).toEqual(["€1"]);
  });

  it("discards an overlong line up to its end and goes on", () => {
    expect(feed(["x".repeat(8), "y".repeat(8), "z\nok\n"], 10)).toEqual({ lines: ["ok"], overlong: 1 });
  });

  it("discards an overlong line that arrives whole in one packet, and keeps one of exactly the limit", () => {
    expect(feed([`${"x".repeat(11)}\n${"y".repeat(10)}\n`], 10)).toEqual({ lines: ["y".repeat(10)], overlong: 1 });
  });

  it("reports an overlong line as soon as it passes the limit, not at its end, and holds none of it", () => {
    const splitter = new LineSplitter(1024);
    let overlong = 0;
    const lines: string[] = [];
    const piece = Buffer.alloc(600, "x");
    splitter.push(
      piece,
      (l) => lines.push(l),
      () => overlong++,
    );
    expect(overlong).toBe(0);
    // A peer that never ends its line: 10 MB more costs one report.
    for (let i = 0; i < 16_000; i++)
      splitter.push(
        piece,
        (l) => lines.push(l),
        () => overlong++,
      );
    expect(overlong).toBe(1);
    splitter.push(
      Buffer.from("tail\nnext\n"),
      (l) => lines.push(l),
      () => overlong++,
    );
    expect({ lines, overlong }).toEqual({ lines: ["next"], overlong: 1 });
  });

  it("drops a line cut short by the end of the stream once it was overlong", () => {
    expect(feed(["ok\n", "x".repeat(20)], 10)).toEqual({ lines: ["ok"], overlong: 1 });
  });

  it("emits a last line without a terminator at the end", () => {
    expect(feed(["a\nlast"]).lines).toEqual(["a", "last"]);
  });
});
