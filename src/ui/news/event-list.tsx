import { createMemo, createSignal, For, Show } from "solid-js";
import { IMPACTS, type Impact, type NewsEvent } from "../../core/time/index.ts";
import { MS_PER_MINUTE } from "../../core/units.ts";
import { localParts } from "./local-time.ts";
import type { NewsState } from "./news-state.ts";

interface Day {
  day: string;
  weekday: string;
  rows: { event: NewsEvent; time: string; window: string | null }[];
}

/** Events by local day with impact colours and their kill zones, filtered by currency and impact. */
export function EventList(props: { state: NewsState; zone: string }) {
  const [currency, setCurrency] = createSignal("ALL_CURRENCIES");
  const [impacts, setImpacts] = createSignal<Impact[]>([...IMPACTS]);
  const currencies = createMemo(() => [...new Set(props.state.events().map((e) => e.currency))].sort());
  const days = createMemo(() => {
    const inZone = new Set(props.state.killZones().events);
    const { minutesBefore, minutesAfter } = props.state.settings().killZones;
    const out: Day[] = [];
    for (const event of props.state.events()) {
      if (currency() !== "ALL_CURRENCIES" && event.currency !== currency()) continue;
      if (!impacts().includes(event.impact)) continue;
      const at = localParts(event.time, event.allDay ? "UTC" : props.zone); // all-day: 00:00 UTC of its date
      if (out.at(-1)?.day !== at.day) out.push({ day: at.day, weekday: at.weekday, rows: [] });
      const window = inZone.has(event)
        ? `${localParts(event.time - minutesBefore * MS_PER_MINUTE, props.zone).time}–${
            localParts(event.time + minutesAfter * MS_PER_MINUTE, props.zone).time
          }`
        : null;
      out.at(-1)?.rows.push({ event, time: event.allDay ? "All day" : at.time, window });
    }
    return out;
  });
  return (
    <section class="card news-events" aria-labelledby="news-events-title">
      <div class="card-title">
        <h2 id="news-events-title">Events</h2>
        <span class="muted small">Times in {props.zone}</span>
      </div>
      <div class="news-filters">
        <label>
          Currency
          <select value={currency()} onChange={(event) => setCurrency(event.currentTarget.value)}>
            <option value="ALL_CURRENCIES">All currencies</option>
            <For each={currencies()}>{(code) => <option value={code}>{code}</option>}</For>
          </select>
        </label>
        <For each={IMPACTS}>
          {(impact) => (
            <label class="inline">
              <input
                type="checkbox"
                checked={impacts().includes(impact)}
                onChange={(event) =>
                  setImpacts(
                    IMPACTS.filter((i) => (i === impact ? event.currentTarget.checked : impacts().includes(i))),
                  )
                }
              />
              <span class={`impact impact-${impact.toLowerCase()}`}>{impact}</span>
            </label>
          )}
        </For>
      </div>
      <Show
        when={days().length}
        fallback={
          <p class="muted">
            {props.state.events().length ? "No events match the filters." : "No events yet: import a calendar."}
          </p>
        }
      >
        <For each={days()}>
          {(day) => (
            <div class="news-day" data-day={day.day}>
              <h3>
                {day.weekday} {day.day}
              </h3>
              <table>
                <tbody>
                  <For each={day.rows}>
                    {(row) => (
                      <tr data-impact={row.event.impact} classList={{ "in-kill-zone": row.window !== null }}>
                        <td class="news-time">{row.time}</td>
                        <td class="news-currency">{row.event.currency}</td>
                        <td>
                          <span class={`impact impact-${row.event.impact.toLowerCase()}`}>{row.event.impact}</span>
                        </td>
                        <td class="news-title">{row.event.title}</td>
                        <td class="muted small">
                          {row.event.forecast && `forecast ${row.event.forecast}`}
                          {row.event.forecast && row.event.previous && " · "}
                          {row.event.previous && `previous ${row.event.previous}`}
                        </td>
                        <td class="news-window">
                          <Show when={row.window}>
                            <span class="kill-zone" title="No new entries in this window">
                              kill zone {row.window}
                            </span>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}
