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
import { PlannedPage } from "./ui/pages/planned.tsx";
import { ResultsPage } from "./ui/pages/results.tsx";
import { SharedPage } from "./ui/pages/shared.tsx";
import { PAGES, type PageEntry } from "./ui/pages.ts";
import { Shell } from "./ui/shell.tsx";

/** Built pages by route; every other entry of PAGES shows its plan. */
const BUILT: Record<string, Component> = {
  "/": DashboardPage,
  "/data": DataPage,
  "/backtest": BacktestPage,
  "/results": ResultsPage,
  "/compare": ComparePage,
  "/bots": BotsPage,
  "/news": NewsPage,
  "/live": LivePage,
};

function pageComponent(page: PageEntry): Component {
  return BUILT[page.path] ?? (() => <PlannedPage page={page} />);
}

export function App() {
  return (
    <HashRouter root={Shell}>
      {PAGES.map((page) => (
        <Route path={page.path} component={pageComponent(page)} />
      ))}
      <Route path="/results/:id" component={ResultsPage} />
      <Route path="/r/*payload" component={SharedPage} />
      <Route path="*" component={NotFoundPage} />
    </HashRouter>
  );
}
