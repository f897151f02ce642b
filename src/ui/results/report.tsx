import { createSignal, type JSX, Show } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { priceDigits } from "../../core/engine/report-format.ts";
import { PipscopeError } from "../../core/errors.ts";
import { formatNumber } from "../../core/format.ts";
import { encodeShare } from "../../core/protocol/share.ts";
import { BreakdownBars } from "./breakdown-bars.tsx";
import { DataProvenance } from "./data-provenance.tsx";
import { EquityChart } from "./equity-chart.tsx";
import { renderHtmlReport } from "./html-report.ts";
import { MetricCards } from "./metric-cards.tsx";
import { MonteCarlo } from "./monte-carlo.tsx";
import { PriceSection } from "./price-section.tsx";
import { tradesCsv } from "./trades-csv.ts";
import { TradesTable } from "./trades-table.tsx";

/** Saves `text` as a file named `name` through the browser's download. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** The app's link to a shared report: the payload travels in the fragment, never to a server. */
export function shareUrl(payload: string): string {
  return `${location.origin}${location.pathname}#/r/${payload}`;
}

const fileName = (name: string) => name.replace(/[^\w.-]+/g, "_").slice(0, 80) || "pipscope-run";

/** A run's full report: summary, metrics, charts, breakdowns, trades, and its exports. */
export function Report(props: {
  name: string;
  result: BacktestResult;
  /** The session config it ran with; its link carries it so that others can re-run it. */
  config?: string;
  notice?: JSX.Element;
  actions?: JSX.Element;
}) {
  const r = () => props.result;
  const [link, setLink] = createSignal<string>();
  const [shareError, setShareError] = createSignal<string>();
  const digits = () => priceDigits(r());
  const share = async () => {
    setShareError(undefined);
    try {
      const url = shareUrl(encodeShare(r(), props.name, props.config));
      setLink(url);
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      if (navigator.share && navigator.canShare?.({ url }))
        await navigator.share({ title: props.name, url }).catch(() => undefined);
    } catch (error) {
      setShareError(error instanceof PipscopeError ? error.message : String(error));
    }
  };
  const exportHtml = () => {
    let url: string | undefined;
    try {
      url = shareUrl(encodeShare(r(), props.name, props.config));
    } catch {
      url = undefined; // too large to share: the report still exports, without its link
    }
    download(`${fileName(props.name)}.html`, "text/html", renderHtmlReport(r(), props.name, url));
  };
  return (
    <div class="report" data-testid="report">
      <div class="report-head">
        <div>
          <h2 data-testid="report-name">{props.name}</h2>
          <p class="muted">
            {r().symbol} {r().timeframe} · {r().strategy.id} {JSON.stringify(r().strategy.params)} · {r().variant} ·{" "}
            {new Date(r().start).toISOString().slice(0, 10)} → {new Date(r().end).toISOString().slice(0, 10)} ·{" "}
            {formatNumber(r().bars_processed)} rows
          </p>
          <DataProvenance result={r()} />
        </div>
        <div class="report-actions">
          {props.actions}
          <button type="button" class="primary" onClick={share}>
            Share
          </button>
          <button type="button" onClick={exportHtml}>
            HTML report
          </button>
          <button
            type="button"
            onClick={() => download(`${fileName(props.name)}-trades.csv`, "text/csv", tradesCsv(r()))}
          >
            Trades CSV
          </button>
          <button
            type="button"
            onClick={() => download(`${fileName(props.name)}.json`, "application/json", JSON.stringify(r()))}
          >
            Result JSON
          </button>
        </div>
      </div>
      {props.notice}
      <Show when={link()}>
        <label class="share-link">
          <span>Link copied — anyone can open this report, no data or account needed:</span>
          <input
            type="text"
            readOnly
            value={link()}
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
      </Show>
      <Show when={shareError()}>
        <p class="error" role="alert">
          {shareError()}
        </p>
      </Show>
      <MetricCards metrics={r().metrics} currency={r().account.currency} />
      <section class="card" aria-label="Equity and drawdown">
        <h2>Equity and drawdown</h2>
        <EquityChart curve={r().curve} />
      </section>
      <PriceSection result={r()} />
      <div class="grid three">
        <BreakdownBars title="session" rows={r().breakdowns.session} />
        <BreakdownBars title="weekday (UTC)" rows={r().breakdowns.weekday} />
        <BreakdownBars title="hour (UTC)" rows={r().breakdowns.hour} />
      </div>
      <MonteCarlo result={r()} />
      <TradesTable trades={r().trades} digits={digits()} />
    </div>
  );
}
