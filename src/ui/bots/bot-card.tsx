import { Show } from "solid-js";
import type { Bot } from "../../core/router/bot.ts";
import type { BotRun } from "../../core/router/bot-run.ts";

const minutesText = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

/** Where and when a bot trades, in words. */
function whereText(bot: Bot): string {
  const m = bot.manifest;
  const parts = [
    m.sessions.length ? `sessions ${m.sessions.join(", ")}` : "",
    m.time_windows.length ? m.time_windows.map((w) => `${w.start}–${w.end} ${w.timezone}`).join(", ") : "",
    m.regimes.length ? `regimes ${m.regimes.join(", ")}` : "",
  ].filter(Boolean);
  return `${parts.join("; ") || "any time the market is open"}${m.avoid_news ? "; sits out news kill zones" : ""}`;
}

const percent = (share: number | null) => (share === null ? "–" : `${(share * 100).toFixed(1)}%`);
const money = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A bot's last portfolio run: its trades and the state its breaker ended in. */
function LastRun(props: { run: BotRun }) {
  const r = () => props.run;
  return (
    <div class="bot-last-run" data-last-run>
      <p class="small muted">Last run: {r().label}</p>
      <dl class="bot-figures">
        <dt>Trades</dt>
        <dd>{r().trades}</dd>
        <dt>Win rate</dt>
        <dd>{percent(r().win_rate)}</dd>
        <dt>Net</dt>
        <dd classList={{ up: r().net_profit > 0, down: r().net_profit < 0 }}>{money(r().net_profit)}</dd>
        <dt>Max drawdown</dt>
        <dd>{money(r().max_drawdown)}</dd>
        <dt>Entries refused</dt>
        <dd title={r().top_skip}>
          {r().blocked_entries}
          {r().top_skip ? ` (mostly ${r().top_skip})` : ""}
        </dd>
      </dl>
    </div>
  );
}

/**
 * One bot of the registry: what it runs, where it trades, its risk and breaker rule, the breaker
 * state and figures of its last run, and its controls (enable, edit, delete).
 */
export function BotCard(props: {
  bot: Bot;
  run: BotRun | undefined;
  onEnable: (enabled: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const m = () => props.bot.manifest;
  const cb = () => m().circuit_breaker;
  const tripped = () => props.run?.breaker.reason ?? "";
  return (
    <article class="card bot-card" classList={{ disabled: !props.bot.enabled }} data-bot={props.bot.id}>
      <div class="card-title">
        <h2>{m().name}</h2>
        <label class="inline">
          <input
            type="checkbox"
            checked={props.bot.enabled}
            aria-label={`Enable ${m().name}`}
            onChange={(e) => props.onEnable(e.currentTarget.checked)}
          />
          {props.bot.enabled ? "Enabled" : "Disabled"}
        </label>
      </div>
      <p class="bot-tags">
        <span class="badge">{props.bot.id}</span>
        {m().tags.map((tag) => (
          <span class="badge bot-tag">{tag}</span>
        ))}
      </p>
      <p>
        <strong>{props.bot.strategy.id}</strong>{" "}
        <span class="muted small">
          {Object.entries(props.bot.strategy.parameters)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}
        </span>
      </p>
      <p class="small">Trades in: {whereText(props.bot)}</p>
      <p class="small">
        Risk: at most {m().max_risk_per_trade_pct}% a trade, {m().kelly_cap}× Kelly. Breaker: stops after{" "}
        {cb().max_consecutive_losses} losses in a row (for {minutesText(cb().cooldown_minutes)}) or a{" "}
        {cb().max_daily_loss_pct}% daily loss (for the day).
      </p>
      <p class="small" data-breaker-state>
        Breaker state:{" "}
        <Show when={props.run} fallback={<span class="muted">not run yet</span>}>
          <Show when={tripped()} fallback={<span class="up">ready</span>}>
            <span class="down">tripped — {tripped()}</span>
          </Show>{" "}
          <span class="muted">
            ({props.run?.breaker.consecutive_losses} losses in a row at the end of the last run)
          </span>
        </Show>
      </p>
      <Show
        when={props.run}
        fallback={<p class="small muted">No run yet: a portfolio run of the team records each bot's figures here.</p>}
      >
        {(run) => <LastRun run={run()} />}
      </Show>
      <div class="form-actions">
        <button type="button" onClick={() => props.onEdit()}>
          Edit
        </button>
        <button type="button" onClick={() => props.onDelete()}>
          Delete
        </button>
      </div>
    </article>
  );
}
