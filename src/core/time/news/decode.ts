/**
 * Decodes a calendar file's bytes: a UTF-8 or UTF-16LE byte-order mark wins; an XML declaration
 * naming windows-1252 or ISO-8859-1 (ForexFactory's weekly XML) selects windows-1252; otherwise
 * UTF-8. Written out here because src/core has no TextDecoder type (no DOM lib) and windows-1252
 * support in Node's TextDecoder depends on its ICU build.
 */
export function decodeNewsBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16le(bytes.subarray(2));
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  if (/^\s*<\?xml[^>]*encoding=["'](windows-1252|iso-8859-1|latin1|cp1252)["']/i.test(head))
    return decodeWindows1252(bytes);
  return decodeUtf8(bytes);
}

/** Code points of windows-1252 bytes 0x80–0x9F (the rest equal Latin-1); from the WHATWG index. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : byte);
  return out;
}

function decodeUtf16le(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
  return out;
}

/** UTF-8 with U+FFFD for each malformed sequence. */
export function decodeUtf8(bytes: Uint8Array): string {
  const points: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf5 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    if (length === 1) {
      points.push(lead);
      i++;
      continue;
    }
    let point = length === 2 ? lead & 0x1f : length === 3 ? lead & 0x0f : lead & 0x07;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) ok = false;
      else point = (point << 6) | (next & 0x3f);
    }
    const min = length === 3 ? 0x800 : length === 4 ? 0x10000 : 0x80;
    if (!ok || point < min || point > 0x10ffff || (point >= 0xd800 && point < 0xe000)) {
      points.push(0xfffd);
      i++;
      continue;
    }
    points.push(point);
    i += length;
  }
  let out = "";
  for (let i = 0; i < points.length; i += 8192) out += String.fromCodePoint(...points.slice(i, i + 8192));
  return out;
}
