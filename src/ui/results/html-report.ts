import type { BacktestResult } from "../../core/engine/backtest.ts";
import type { BreakdownRow } from "../../core/engine/breakdowns.ts";
import {
  describeData,
  describeEnd,
  formatMetric,
  METRIC_ROWS,
  metricSuffix,
  priceDigits,
} from "../../core/engine/report-format.ts";
import { formatLots, formatMoney, formatPips, formatPrice } from "../../core/format.ts";

/** Escapes text for HTML content and attribute values: nothing from a result is ever markup. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const W = 900;
const H = 220;

/** An SVG polyline chart of `values` over `times` (no script, no external resource). */
function lineChart(times: number[], values: number[], colour: string, label: string, fill = false): string {
  if (values.length < 2) return "";
  const t0 = times[0];
  const t1 = times[times.length - 1] || t0 + 1;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (t: number) => (((t - t0) / (t1 - t0 || 1)) * (W - 60) + 50).toFixed(1);
  const y = (v: number) => (H - 20 - ((v - lo) / span) * (H - 40)).toFixed(1);
  const points = values.map((v, i) => `${x(times[i])},${y(v)}`).join(" ");
  const area = fill
    ? `<polygon points="${x(t0)},${y(Math.max(lo, Math.min(hi, 0)))} ${points} ${x(t1)},${y(Math.max(lo, Math.min(hi, 0)))}" fill="${colour}" fill-opacity="0.15"/>`
    : "";
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">
<text x="4" y="14" class="axis">${escapeHtml(formatMoney(hi))}</text><text x="4" y="${H - 8}" class="axis">${escapeHtml(formatMoney(lo))}</text>
${area}<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.5"/></svg>`;
}

function bars(title: string, rows: BreakdownRow[]): string {
  const scale = Math.max(1e-9, ...rows.map((r) => Math.abs(r.net_pnl)));
  const body = rows
    .map(
      (r) =>
        `<tr><th>${escapeHtml(r.key)}</th><td class="bar"><div class="${r.net_pnl >= 0 ? "up" : "down"}" style="width:${((Math.abs(r.net_pnl) / scale) * 100).toFixed(1)}%"></div></td><td class="num">${formatMoney(r.net_pnl)}</td><td class="num">${r.trades} · ${r.win_rate.toFixed(0)}%</td></tr>`,
    )
    .join("");
  return `<section><h2>By ${escapeHtml(title)}</h2><table class="breakdown">${body}</table></section>`;
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#17212b;background:#f6f8fa}
h1{font-size:22px;margin:0}h2{font-size:15px;margin:18px 0 8px}.muted{color:#5b6b7b}
.metrics{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}.metric{background:#fff;border:1px solid #d5dde5;border-radius:8px;padding:8px}
.metric span{display:block;font-size:12px;color:#5b6b7b}.metric strong{font:600 15px ui-monospace,monospace}
svg{width:100%;height:auto;background:#fff;border:1px solid #d5dde5;border-radius:8px}.axis{font:11px ui-monospace,monospace;fill:#5b6b7b}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{padding:2px 6px;text-align:left;border-bottom:1px solid #eef2f6}
.num{text-align:right;font-family:ui-monospace,monospace}.bar{width:40%}.bar div{height:10px}.up{background:#138a7e}.down{background:#d23f3c}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:16px}a{color:#1f6feb;word-break:break-all}
.synthetic{font:600 12px system-ui;color:#fff;background:#9a5b00;border-radius:4px;padding:2px 6px;vertical-align:middle}
.data{font-size:12px}.warning{background:#fff4e0;border:1px solid #e2b26a;border-radius:6px;padding:6px 10px}`;

/**
 * A whole report as one self-contained HTML file: inline styles and SVG charts, no script and
 * no external resource (so it opens offline and makes no request), every value escaped.
 * `shareUrl` is embedded as a link when given.
 */
export function renderHtmlReport(result: BacktestResult, name: string, shareUrl?: string): string {
  const m = result.metrics;
  const c = result.curve;
  const currency = result.account.currency;
  const metric = ([key, label, unit]: (typeof METRIC_ROWS)[number]) =>
    `<div class="metric"><span>${escapeHtml(label)}</span><strong>${escapeHtml(formatMetric(m[key], unit))}${m[key] === null ? "" : escapeHtml(metricSuffix(unit, currency))}</strong></div>`;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const digits = priceDigits(result);
  const trades = result.trades
    .map(
      (t) =>
        `<tr><td>${t.id}</td><td>${escapeHtml(t.side)}</td><td class="num">${formatLots(t.lots)}</td><td>${day(t.entryTime)}</td><td class="num">${formatPrice(t.entryPrice, digits)}</td><td>${day(t.exitTime)}</td><td class="num">${formatPrice(t.exitPrice, digits)}</td><td class="num">${formatPips(t.pips)}</td><td class="num">${formatMoney(t.pnl)}</td><td>${escapeHtml(t.exitReason)}</td><td>${escapeHtml(t.session)}</td></tr>`,
    )
    .join("");
  const ended = describeEnd(result);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(name)} — Pipscope report</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(name)}${result.data.synthetic ? ' <span class="synthetic">SYNTHETIC DATA</span>' : ""}</h1>
<p class="muted">${escapeHtml(result.symbol)} ${escapeHtml(result.timeframe)} · ${escapeHtml(result.strategy.id)} ${escapeHtml(JSON.stringify(result.strategy.params))} · ${escapeHtml(result.variant)} · ${day(result.start)} → ${day(result.end)} · ${escapeHtml(currency)} ${formatMoney(result.account.initial_balance)}</p>
<p class="data">Data: ${escapeHtml(describeData(result))}</p>
${result.data.coverage_gap ? `<p class="warning">${escapeHtml(result.data.coverage_gap)}: the run tested only that.</p>` : ""}
${ended ? `<p class="warning">${escapeHtml(ended)}</p>` : ""}
${shareUrl ? `<p><a href="${escapeHtml(shareUrl)}">Open this report in Pipscope</a> <span class="muted">(the link itself carries the report: no server, no account)</span></p>` : ""}
<div class="metrics">${METRIC_ROWS.map(metric).join("")}</div>
<h2>Equity</h2>${lineChart(c.time, c.equity, "#b7791f", "Equity")}
<h2>Drawdown %</h2>${lineChart(c.time, c.drawdown_pct, "#d23f3c", "Drawdown", true)}
<div class="grid">${bars("session", result.breakdowns.session)}${bars("weekday (UTC)", result.breakdowns.weekday)}${bars("hour (UTC)", result.breakdowns.hour)}</div>
<h2>Trades (${result.trades.length})</h2>
<table><tr><th>#</th><th>Side</th><th>Lots</th><th>Entry</th><th>Price</th><th>Exit</th><th>Price</th><th>Pips</th><th>P&amp;L</th><th>Exit reason</th><th>Session</th></tr>${trades}</table>
<p class="muted">Made with Pipscope.</p>
</body></html>
`;
}
