/** One page of the app: its route (inside the URL fragment), label, `g`-shortcut key and plan. */
export interface PageEntry {
  path: string;
  label: string;
  /** Pressing `g` then this key opens the page. */
  key: string;
  /** What the page is for, shown under its title. */
  summary: string;
  /** What the page will hold once built; shown plainly while it is not. */
  plan?: string[];
}

/**
 * The pages, in navigation order. Routes live in the fragment (`#/data`), so the app is one
 * static index.html that works offline and on any static host; `#/r/<payload>` is reserved
 * for share links (SPEC §10), whose payload never reaches a server.
 */
export const PAGES: PageEntry[] = [
  { path: "/", label: "Dashboard", key: "d", summary: "Sessions, markets and your recent runs at a glance." },
  {
    path: "/data",
    label: "Data",
    key: "a",
    summary: "Your local market data cache.",
    plan: [
      "Import MT5, HistData, Dukascopy, CSV and Parquet files by drag-and-drop, with progress.",
      "Datasets stored as Parquet in this browser (OPFS), each with a quality score and report.",
      "A deterministic synthetic sample so you can start without data.",
    ],
  },
  {
    path: "/backtest",
    label: "Backtest",
    key: "b",
    summary: "Configure and run a strategy, and watch it unfold.",
  },
  {
    path: "/results",
    label: "Results",
    key: "r",
    summary: "Reports of finished backtests, kept in this browser.",
  },
  {
    path: "/compare",
    label: "Compare",
    key: "c",
    summary: "The four variants on the same data, side by side.",
  },
  {
    path: "/bots",
    label: "Bots",
    key: "o",
    summary: "Your team of bots and the router that allocates risk between them.",
    plan: [
      "Bot registry with manifests: sessions, time windows, regimes, risk caps, circuit breakers.",
      "Each bot's breaker state and last-run metrics.",
    ],
  },
  {
    path: "/news",
    label: "News",
    key: "n",
    summary: "Economic calendar and news kill zones.",
    plan: ["Import an economic calendar; events by day with impact colours and kill zones."],
  },
  {
    path: "/live",
    label: "Live",
    key: "l",
    summary: "Live MT5 ticks through the Pipscope relay.",
    plan: [
      "Connect to the relay (ws://127.0.0.1:8765): live ticks, spreads, a mini chart, your account.",
      "Record ticks into the local cache and backtest on them.",
    ],
  },
];
