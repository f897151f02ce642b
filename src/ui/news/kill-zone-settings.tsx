import { For, Show } from "solid-js";
import { IMPACTS, type Impact } from "../../core/time/index.ts";
import { localParts } from "./local-time.ts";
import type { NewsState } from "./news-state.ts";

/** The instrument whose currencies count, minutes before/after and the impacts that open a kill zone. */
export function KillZoneSettings(props: { state: NewsState; zone: string; now: number }) {
  const settings = () => props.state.settings();
  const update = (patch: Partial<ReturnType<typeof settings>["killZones"]>, symbol = settings().symbol) =>
    void props.state.updateSettings({ symbol, killZones: { ...settings().killZones, ...patch } });
  const minutes = (value: string) => Math.max(0, Math.min(1440, Math.round(Number(value) || 0)));
  const toggle = (impact: Impact, on: boolean) => {
    const impacts = IMPACTS.filter((i) => (i === impact ? on : settings().killZones.impacts.includes(i)));
    if (impacts.length) update({ impacts });
  };
  const next = () => {
    const zones = props.state.killZones();
    const i = zones.end.findIndex((end) => end > props.now);
    return i < 0 ? null : { start: zones.start[i], end: zones.end[i] };
  };
  return (
    <section class="card" aria-labelledby="kill-zones-title">
      <h2 id="kill-zones-title">Kill zones</h2>
      <div class="kill-zone-form">
        <label>
          Instrument
          <input
            value={settings().symbol}
            size={10}
            onChange={(event) => update({}, event.currentTarget.value.trim().toUpperCase())}
          />
        </label>
        <label>
          Minutes before
          <input
            type="number"
            min="0"
            max="1440"
            value={settings().killZones.minutesBefore}
            onChange={(event) => update({ minutesBefore: minutes(event.currentTarget.value) })}
          />
        </label>
        <label>
          Minutes after
          <input
            type="number"
            min="0"
            max="1440"
            value={settings().killZones.minutesAfter}
            onChange={(event) => update({ minutesAfter: minutes(event.currentTarget.value) })}
          />
        </label>
        <fieldset>
          <legend>Impacts</legend>
          <For each={IMPACTS}>
            {(impact) => (
              <label class="inline">
                <input
                  type="checkbox"
                  checked={settings().killZones.impacts.includes(impact)}
                  onChange={(event) => toggle(impact, event.currentTarget.checked)}
                />
                {impact}
              </label>
            )}
          </For>
        </fieldset>
      </div>
      <Show
        when={!props.state.currencies().error}
        fallback={<p class="news-error">{props.state.currencies().error}</p>}
      >
        <p data-kill-zone-summary>
          {settings().symbol} trades on news of {props.state.currencies().codes.join(" and ")}:{" "}
          {props.state.killZones().start.length} kill zone{props.state.killZones().start.length === 1 ? "" : "s"}.
          <Show when={next()}>
            {(zone) => {
              const from = () => localParts(zone().start, props.zone);
              return (
                <>
                  {" "}
                  Next: {from().weekday} {from().day} {from().time}–{localParts(zone().end, props.zone).time}.
                </>
              );
            }}
          </Show>
        </p>
      </Show>
    </section>
  );
}
