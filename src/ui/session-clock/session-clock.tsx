import { createMemo, createSignal, For, on, onCleanup, Show } from "solid-js";
import {
  type Clock,
  FX_CALENDAR,
  type MarketPhase,
  sessionsAt,
  systemClock,
  US_EQUITY_CALENDAR,
  ZoneOffsets,
} from "../../core/time/index.ts";
import { MS_PER_DAY } from "../../core/units.ts";
import { dayBand } from "./day-band.ts";
import { browserZone, countdown, wallClock } from "./zoned.ts";
import "./session-clock.css";

/** Sessions in the order they open in a trading day, with the names traders use. */
const SESSIONS = [
  { id: "SYDNEY", name: "Sydney" },
  { id: "ASIAN", name: "Tokyo" },
  { id: "LONDON", name: "London" },
  { id: "NEW_YORK", name: "New York" },
];
const LABELS: Record<string, string> = {
  OVERLAP_LONDON_NY: "London/New York overlap",
  CLOSED: "Closed",
  ...Object.fromEntries(SESSIONS.map((s) => [s.id, s.name])),
};
const PHASES: Record<MarketPhase, string> = {
  open: "open",
  closed: "closed",
  pre_market: "pre-market",
  regular: "regular hours",
  post_market: "post-market",
};

/**
 * The session clock (SPEC §9): UTC, local, New York, London and Tokyo time ticking each second,
 * the open sessions, the countdowns to the current session's close and the next open, FX and US
 * equity status, and today's sessions on a band of the user's local day (DST-correct: a 23- or
 * 25-hour day is drawn as such). `clock` defaults to the system clock; `zone` to the browser's.
 */
export function SessionClock(props: { clock?: Clock; zone?: string }) {
  const clock = () => props.clock ?? systemClock;
  const zone = () => props.zone ?? browserZone();
  const [now, setNow] = createSignal(clock().now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    setNow(clock().now());
    timer = setTimeout(tick, 1000 - (clock().now() % 1000)); // on the second, like a wall clock
  };
  timer = setTimeout(tick, 1000 - (now() % 1000));
  onCleanup(() => clearTimeout(timer));

  const snapshot = createMemo(() => sessionsAt(now()));
  const clocks = createMemo(() => [
    { label: "UTC", ...wallClock(now(), "UTC") },
    { label: `Local (${zone()})`, ...wallClock(now(), zone()) },
    { label: "New York", ...wallClock(now(), "America/New_York") },
    { label: "London", ...wallClock(now(), "Europe/London") },
    { label: "Tokyo", ...wallClock(now(), "Asia/Tokyo") },
  ]);
  // The band depends on the local day only: rebuilt at local midnight, not every second.
  const localDay = createMemo(() => Math.floor(ZoneOffsets.of(zone()).toLocal(now()) / MS_PER_DAY));
  const band = createMemo(on([localDay, zone], () => dayBand(now(), zone())));
  const nowAt = () => (now() - band().start) / (band().end - band().start);
  const percent = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;

  return (
    <section class="card session-clock" aria-labelledby="session-clock-title">
      <div class="card-title">
        <h2 id="session-clock-title">Session clock</h2>
        <span class="sc-primary" data-primary={snapshot().primary}>
          {LABELS[snapshot().primary] ?? snapshot().primary}
        </span>
      </div>
      <div class="sc-times">
        <For each={clocks()}>
          {(item) => (
            <div class="sc-time" data-clock={item.label}>
              <span class="muted small">{item.label}</span>
              <time class="sc-hms">{item.time}</time>
              <span class="muted small">
                {item.date} · {item.offset}
              </span>
            </div>
          )}
        </For>
      </div>
      <ul class="sc-badges" aria-label="Sessions">
        <For each={SESSIONS}>
          {(session) => {
            const active = () => snapshot().active.includes(session.id);
            return (
              <li class="sc-badge" data-session={session.id} data-active={active()}>
                {session.name} <span class="sr-only">{active() ? "open" : "closed"}</span>
              </li>
            );
          }}
        </For>
      </ul>
      <p class="sc-countdowns">
        <Show when={snapshot().closesAt !== null}>
          <span data-countdown="close">
            {LABELS[snapshot().primary]} closes in <strong>{countdown((snapshot().closesAt ?? 0) - now())}</strong>
          </span>
        </Show>
        <Show when={snapshot().next} fallback={<span>No session opens in the next two weeks.</span>}>
          {(next) => (
            <span data-countdown="next">
              {LABELS[next().session]} opens in <strong>{countdown(next().opensAt - now())}</strong>
            </span>
          )}
        </Show>
      </p>
      <p class="sc-markets">
        <span data-market="FX" data-phase={FX_CALENDAR.phaseAt(now())}>
          FX <strong>{PHASES[FX_CALENDAR.phaseAt(now())]}</strong>
        </span>
        <span data-market="US_EQUITY" data-phase={US_EQUITY_CALENDAR.phaseAt(now())}>
          US equities <strong>{PHASES[US_EQUITY_CALENDAR.phaseAt(now())]}</strong>
        </span>
      </p>
      <figure class="sc-band" aria-label={`Today's sessions in local time (${zone()})`}>
        <For each={SESSIONS}>
          {(session) => (
            <div class="sc-row" data-band={session.id}>
              <span class="sc-row-name small">{session.name}</span>
              <div class="sc-track">
                <For each={band().sessions[session.id] ?? []}>
                  {(run) => (
                    <span
                      class="sc-run"
                      title={`${session.name} ${run.label}`}
                      data-run={run.label}
                      style={{ left: percent(run.from), width: percent(run.to - run.from) }}
                    />
                  )}
                </For>
                <span class="sc-now" style={{ left: percent(nowAt()) }} />
              </div>
            </div>
          )}
        </For>
        <div class="sc-row sc-hours" aria-hidden="true">
          <span />
          <div class="sc-track">
            <For each={band().hours}>
              {(hour) => (
                <span class="sc-hour small muted" style={{ left: percent(hour.at) }}>
                  {hour.label}
                </span>
              )}
            </For>
          </div>
        </div>
      </figure>
    </section>
  );
}
