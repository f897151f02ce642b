/**
 * Headers that make the page cross-origin isolated (`crossOriginIsolated === true`), which
 * SharedArrayBuffer and precise timers need. Served by `npm run dev` and `npm start` alike.
 */
export const crossOriginIsolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};
