/** Counters the relay keeps beside the fan-out's, reported by `/metrics`. */
export interface RelayStats {
  /** Inbound client frames refused with an `error` frame. */
  badFrames: number;
  /**
   * Frames other than ticks (replies, account updates) that waited for a full client buffer and
   * were replaced by a newer one of their kind before they could be sent.
   */
  superseded: number;
  /**
   * Connections refused: Origin not allowed (HTTP 403), wrong or missing token, relay full, or
   * pushed out while waiting to authenticate by a newer one.
   */
  rejected: { origin: number; auth: number; full: number; unauthenticated: number };
  /** Upstream messages that did not parse (logged and skipped). */
  upstreamBad: number;
  /** Upstream connections turned away, e.g. an EA without the right `--upstream-token`. */
  upstreamRefused: number;
  /** Times the upstream connection was lost and tried again. */
  upstreamReconnects: number;
}

export function makeRelayStats(): RelayStats {
  return {
    badFrames: 0,
    superseded: 0,
    rejected: { origin: 0, auth: 0, full: 0, unauthenticated: 0 },
    upstreamBad: 0,
    upstreamRefused: 0,
    upstreamReconnects: 0,
  };
}
