import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../relay/upstream/lines.ts";

function feed(chunks: (string | Buffer)[], max?: number) {
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

  it("emits a last line without a terminator at the end", () => {
    expect(feed(["a\nlast"]).lines).toEqual(["a", "last"]);
  });
});
