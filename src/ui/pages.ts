/** One page of the app: its route (inside the URL fragment), label and `g`-shortcut key. */
export interface PageEntry {
  path: string;
  label: string;
  /** Pressing `g` then this key opens the page. */
  key: string;
  /** What the page is for, shown under its title. */
  summary: string;
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
  },
  {
    path: "/news",
    label: "News",
    key: "n",
    summary: "Economic calendar and news kill zones.",
  },
  {
    path: "/live",
    label: "Live",
    key: "l",
    summary: "Live MT5 ticks through the Pipscope relay.",
  },
];
