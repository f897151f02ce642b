import { PipscopeError } from "../../errors.ts";
import { checkColumns } from "./checks.ts";

/**
 * Keeps a signal only on bars inside chosen sessions: out[i] = signal[i] where the bar's session
 * bits (`mask`, bit b = session b, as core/time computes them) intersect `sessions`, else 0.
 * E.g. sessions = 0b0100 keeps entries during session 2 only. Twin of `applySessionMask` in
 * wasm/assembly/signals.ts (which does 16 bars per SIMD step).
 */
export function applySessionMask(
  signal: Uint8Array,
  mask: Uint8Array,
  sessions: number,
  out: Uint8Array = new Uint8Array(signal.length),
): Uint8Array {
  checkSessionBits(sessions);
  checkColumns({ signal, mask }, { out });
  for (let i = 0; i < signal.length; i++) out[i] = (mask[i] & sessions) !== 0 ? signal[i] : 0;
  return out;
}

/** Session bits fit the mask's byte: a whole number 0–255. */
export function checkSessionBits(sessions: number): void {
  if (!Number.isInteger(sessions) || sessions < 0 || sessions > 255) {
    throw new PipscopeError(
      "INDICATOR_BAD_PARAM",
      `sessions must be a bit set 0–255 (one bit per session), got ${sessions}`,
      {
        field: "sessions",
      },
    );
  }
}
