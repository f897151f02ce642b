/** Origins a browser page on this machine can have: any port of localhost, 127.0.0.1 or [::1]. */
export const LOOPBACK_ORIGINS = [
  "http://localhost:*",
  "http://127.0.0.1:*",
  "http://[::1]:*",
  "https://localhost:*",
  "https://127.0.0.1:*",
  "https://[::1]:*",
];

/**
 * Whether a WebSocket upgrade's Origin may connect. Browsers always send Origin, so the allow-list
 * stops other web sites from reaching the relay through a visitor's browser (cross-site WebSocket
 * hijacking); a request without one comes from a program (a script, the CLI) and passes.
 * Patterns: an exact origin (`https://app.example`), `scheme://host:*` for any port, or `*`.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  for (const pattern of allowed) {
    if (pattern === "*" || pattern === origin) return true;
    if (pattern.endsWith(":*")) {
      const prefix = pattern.slice(0, -2);
      if (origin === prefix || (origin.startsWith(`${prefix}:`) && /^\d+$/.test(origin.slice(prefix.length + 1)))) {
        return true;
      }
    }
  }
  return false;
}
