/**
 * mulberry32: a small, fast generator of uniform numbers in [0, 1) from a 32-bit seed — the same
 * sequence for the same seed on every machine (not for cryptography). Period 2³².
 */
export function seededRandom(seed: number): () => number {
  // State kept as a signed 32-bit integer (`| 0`): the same bits as unsigned, but V8 stores it
  // without allocating a number on every draw.
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
