import { createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { parseJson } from "../../core/config/json-text.ts";
import { PipscopeError } from "../../core/errors.ts";
import { BOT_REGIMES, BOT_SESSIONS, type Bot, type BotManifest, manifestSchema } from "../../core/router/bot.ts";
import { BUILTIN_STRATEGIES } from "../../core/strategy/registry.ts";
import { errorText } from "./bots-state.ts";

/** What the editor edits: a bot with its parameters as JSON text and its tags as one line. */
interface Draft {
  id: string;
  enabled: boolean;
  strategyId: string;
  source?: string;
  parameters: string;
  tags: string;
  manifest: BotManifest;
}

function draftOf(bot: Bot | null): Draft {
  if (!bot)
    return {
      id: "",
      enabled: true,
      strategyId: BUILTIN_STRATEGIES[0].id,
      parameters: "{}",
      tags: "",
      manifest: manifestSchema.parse({ name: "New bot" }),
    };
  return {
    id: bot.id,
    enabled: bot.enabled,
    strategyId: bot.strategy.id,
    source: bot.strategy.source,
    parameters: JSON.stringify(bot.strategy.parameters, null, 1),
    tags: bot.manifest.tags.join(" "),
    manifest: structuredClone(bot.manifest),
  };
}

/** The bot a draft describes (validated by the caller's save, which names the JSON path). */
function botOf(draft: Draft): unknown {
  return {
    id: draft.id,
    enabled: draft.enabled,
    strategy: {
      id: draft.strategyId,
      parameters: parseJson(draft.parameters, "parameters"),
      ...(draft.source === undefined ? {} : { source: draft.source }),
    },
    manifest: { ...draft.manifest, tags: draft.tags.split(/[\s,]+/).filter(Boolean) },
  };
}

const toggled = <T,>(list: readonly T[], item: T, on: boolean): T[] =>
  on ? [...new Set([...list, item])] : list.filter((x) => x !== item);

/**
 * The manifest editor: strategy and parameters, where the bot trades (sessions, local time
 * windows, regimes, news), how much it risks and its circuit breaker. Saving validates the whole
 * bot; an error names the field's JSON path ("$.manifest.time_windows[0].timezone: …").
 */
export function BotEditor(props: { bot: Bot | null; onSave: (bot: unknown) => Promise<void>; onClose: () => void }) {
  const [draft, setDraft] = createStore<Draft>(draftOf(props.bot));
  const [error, setError] = createSignal<string | null>(null);
  const m = () => draft.manifest;
  const setManifest = <K extends keyof BotManifest>(key: K, value: BotManifest[K]) => setDraft("manifest", key, value);
  const breaker = <K extends keyof BotManifest["circuit_breaker"]>(key: K, value: string) =>
    setDraft("manifest", "circuit_breaker", key, Number(value));
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    try {
      await props.onSave(botOf(draft));
      setError(null);
      props.onClose();
    } catch (caught) {
      setError(caught instanceof PipscopeError ? errorText(caught) : String(caught));
    }
  };
  return (
    <section class="card bot-editor" aria-labelledby="bot-editor-title">
      <h2 id="bot-editor-title">{props.bot ? `Edit ${props.bot.manifest.name}` : "New bot"}</h2>
      <form onSubmit={save}>
        <div class="bot-editor-columns">
          <fieldset>
            <legend>Bot</legend>
            <label class="field">
              Id
              <input
                value={draft.id}
                readOnly={props.bot !== null}
                onInput={(e) => setDraft("id", e.currentTarget.value)}
              />
            </label>
            <label class="field">
              Name
              <input value={m().name} onInput={(e) => setManifest("name", e.currentTarget.value)} />
            </label>
            <label class="field">
              Tags
              <input
                value={draft.tags}
                placeholder="@primal trend"
                onInput={(e) => setDraft("tags", e.currentTarget.value)}
              />
            </label>
            <label class="field">
              Strategy
              <select
                value={draft.strategyId}
                disabled={draft.source !== undefined}
                onChange={(e) => setDraft({ strategyId: e.currentTarget.value, parameters: "{}" })}
              >
                <Show when={draft.source !== undefined}>
                  <option value={draft.strategyId}>{draft.strategyId} (your code)</option>
                </Show>
                <For each={BUILTIN_STRATEGIES}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            </label>
            <label class="bot-params">
              Parameters (JSON; missing ones take their defaults)
              <textarea
                rows={4}
                value={draft.parameters}
                onInput={(e) => setDraft("parameters", e.currentTarget.value)}
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>Where it trades</legend>
            <fieldset class="bot-checks">
              <legend>Sessions</legend>
              <For each={BOT_SESSIONS}>
                {(session) => (
                  <label class="inline">
                    <input
                      type="checkbox"
                      checked={m().sessions.includes(session)}
                      onChange={(e) => setManifest("sessions", toggled(m().sessions, session, e.currentTarget.checked))}
                    />
                    {session}
                  </label>
                )}
              </For>
            </fieldset>
            <fieldset class="bot-checks">
              <legend>Regimes</legend>
              <For each={BOT_REGIMES}>
                {(regime) => (
                  <label class="inline">
                    <input
                      type="checkbox"
                      checked={m().regimes.includes(regime)}
                      onChange={(e) => setManifest("regimes", toggled(m().regimes, regime, e.currentTarget.checked))}
                    />
                    {regime}
                  </label>
                )}
              </For>
            </fieldset>
            <p class="muted small">None ticked: any session / any regime.</p>
            <fieldset class="bot-windows">
              <legend>Time windows</legend>
              <For each={m().time_windows}>
                {(window, i) => (
                  <div class="bot-window">
                    <input
                      aria-label={`Window ${i() + 1} start`}
                      value={window.start}
                      size={5}
                      onInput={(e) => setDraft("manifest", "time_windows", i(), "start", e.currentTarget.value)}
                    />
                    –
                    <input
                      aria-label={`Window ${i() + 1} end`}
                      value={window.end}
                      size={5}
                      onInput={(e) => setDraft("manifest", "time_windows", i(), "end", e.currentTarget.value)}
                    />
                    <input
                      aria-label={`Window ${i() + 1} time zone`}
                      value={window.timezone}
                      size={16}
                      onInput={(e) => setDraft("manifest", "time_windows", i(), "timezone", e.currentTarget.value)}
                    />
                    <button
                      type="button"
                      class="link"
                      onClick={() =>
                        setDraft(
                          "manifest",
                          "time_windows",
                          produce((list) => list.splice(i(), 1)),
                        )
                      }
                    >
                      remove
                    </button>
                  </div>
                )}
              </For>
              <button
                type="button"
                onClick={() =>
                  setManifest("time_windows", [
                    ...m().time_windows,
                    { start: "08:00", end: "12:00", timezone: "Europe/London" },
                  ])
                }
              >
                Add window
              </button>
            </fieldset>
            <label class="field">
              Sit out news kill zones
              <input
                type="checkbox"
                checked={m().avoid_news}
                onChange={(e) => setManifest("avoid_news", e.currentTarget.checked)}
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>Risk and breaker</legend>
            <label class="field">
              Max risk per trade (%)
              <input
                type="number"
                step="0.1"
                value={m().max_risk_per_trade_pct}
                onInput={(e) => setManifest("max_risk_per_trade_pct", Number(e.currentTarget.value))}
              />
            </label>
            <label class="field">
              Kelly cap (share of full Kelly)
              <input
                type="number"
                step="0.05"
                value={m().kelly_cap}
                onInput={(e) => setManifest("kelly_cap", Number(e.currentTarget.value))}
              />
            </label>
            <label class="field">
              Max daily loss (%)
              <input
                type="number"
                step="0.5"
                value={m().circuit_breaker.max_daily_loss_pct}
                onInput={(e) => breaker("max_daily_loss_pct", e.currentTarget.value)}
              />
            </label>
            <label class="field">
              Max losses in a row
              <input
                type="number"
                step="1"
                value={m().circuit_breaker.max_consecutive_losses}
                onInput={(e) => breaker("max_consecutive_losses", e.currentTarget.value)}
              />
            </label>
            <label class="field">
              Cool-down (minutes)
              <input
                type="number"
                step="60"
                value={m().circuit_breaker.cooldown_minutes}
                onInput={(e) => breaker("cooldown_minutes", e.currentTarget.value)}
              />
            </label>
          </fieldset>
        </div>
        <Show when={error()}>
          <p class="error" role="alert">
            Not saved: {error()}
          </p>
        </Show>
        <div class="form-actions">
          <button type="submit" class="primary">
            Save bot
          </button>
          <button type="button" onClick={() => props.onClose()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
