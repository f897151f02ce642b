import type { Connect, Plugin } from "vite";

/**
 * Headers that make the page cross-origin isolated (`crossOriginIsolated === true`), which
 * SharedArrayBuffer and precise timers need. Served by `npm run dev` and `npm start` alike.
 */
export const crossOriginIsolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const policy = (scripts: string) =>
  [
    "default-src 'self'",
    // 'wasm-unsafe-eval' compiles WebAssembly (DuckDB, the kernels); it does not evaluate JavaScript.
    `script-src 'self' 'wasm-unsafe-eval'${scripts}`,
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The relay is a WebSocket the user points at (ws://127.0.0.1:8765 by default).
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");

/** No inline script, no eval: a shared link or a pasted strategy can never run code in the page. */
export const PAGE_CSP = policy("");
/**
 * The backtest worker may evaluate code: it compiles the strategies users paste. The sweep
 * workers run no user code but run the engine, whose trade breakdowns use arquero, which
 * compiles its expressions with `Function`. A worker takes its policy from its own script's
 * response, so these get this one.
 */
export const STRATEGY_WORKER_CSP = policy(" 'unsafe-eval'");

const setCsp: Connect.NextHandleFunction = (req, res, next) => {
  res.setHeader(
    "Content-Security-Policy",
    /(backtest|sweep)\.worker/.test(req.url ?? "") ? STRATEGY_WORKER_CSP : PAGE_CSP,
  );
  next();
};

/** Adds the Content-Security-Policy header to everything `npm run dev` and `npm start` serve. */
export function contentSecurityPolicy(): Plugin {
  return {
    name: "pipscope-csp",
    configureServer(server) {
      server.middlewares.use(setCsp);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setCsp);
    },
  };
}
