import { HashRouter, Route } from "@solidjs/router";
import type { Component } from "solid-js";
import { BacktestPage } from "./ui/pages/backtest.tsx";
import { BotsPage } from "./ui/pages/bots.tsx";
import { ComparePage } from "./ui/pages/compare.tsx";
import { DashboardPage } from "./ui/pages/dashboard.tsx";
import { DataPage } from "./ui/pages/data.tsx";
import { LivePage } from "./ui/pages/live.tsx";
import { NewsPage } from "./ui/pages/news.tsx";
import { NotFoundPage } from "./ui/pages/not-found.tsx";
import { ResultsPage } from "./ui/pages/results.tsx";
import { SharedPage } from "./ui/pages/shared.tsx";
import { PAGES } from "./ui/pages.ts";
import { Shell } from "./ui/shell.tsx";

/** Each entry of PAGES by route (the shell e2e test opens every one). */
const PAGE_COMPONENTS: Record<string, Component> = {
  "/": DashboardPage,
  "/data": DataPage,
  "/backtest": BacktestPage,
  "/results": ResultsPage,
  "/compare": ComparePage,
  "/bots": BotsPage,
  "/news": NewsPage,
  "/live": LivePage,
};

export function App() {
  return (
    <HashRouter root={Shell}>
      {PAGES.map((page) => (
        <Route path={page.path} component={PAGE_COMPONENTS[page.path] ?? NotFoundPage} />
      ))}
      <Route path="/results/:id" component={ResultsPage} />
      <Route path="/r/*payload" component={SharedPage} />
      <Route path="*" component={NotFoundPage} />
    </HashRouter>
  );
}
