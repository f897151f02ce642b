// Decodes a link whose data inflates to 45 MB, in a process of its own, and prints how much the
// process's peak RSS grew while it did (kB): `node --import tsx tests/unit/protocol/share-bomb.ts`.
import { Deflate, deflateSync } from "fflate";
import { toBase64Url } from "../../../src/core/protocol/base64url.ts";
import { decodeShare } from "../../../src/core/protocol/share.ts";

// Compressed a megabyte at a time, so making the bomb does not raise the peak itself.
const parts: Uint8Array[] = [new Uint8Array([2])];
const deflater = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
const spaces = new Uint8Array(1_000_000).fill(0x20);
for (let i = 0; i < 45; i++) deflater.push(spaces, i === 44);
const payload = toBase64Url(new Uint8Array(parts.flatMap((p) => [...p])));
try {
  decodeShare(toBase64Url(new Uint8Array([2, ...deflateSync(new TextEncoder().encode("{}"))]))); // warm up
} catch {
  // an empty report: only the code paths matter here
}
const before = process.resourceUsage().maxRSS;
let code = "";
try {
  decodeShare(payload);
} catch (error) {
  code = (error as { code?: string }).code ?? String(error);
}
process.stdout.write(
  `${JSON.stringify({ payloadChars: payload.length, code, peakGrowthKb: process.resourceUsage().maxRSS - before })}\n`,
);
