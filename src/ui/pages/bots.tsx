import { createSignal, For, Show } from "solid-js";
import type { Bot } from "../../core/router/bot.ts";
import { BotCard } from "../bots/bot-card.tsx";
import { BotEditor } from "../bots/bot-editor.tsx";
import { BotFilesCard } from "../bots/bot-files.tsx";
import { createBotsState } from "../bots/bots-state.ts";
import { PageHeader } from "../shell.tsx";
import "../bots/bots.css";

/** What the editor is open on: a stored bot, a new one, or nothing. */
type Editing = { bot: Bot | null } | null;

/**
 * The Bots page (SPEC §5): the bot registry — each bot's manifest, enable/disable, a tags filter,
 * its breaker state and last-run figures; import/export as bots files; the two examples.
 */
export function BotsPage() {
  const state = createBotsState();
  const [editing, setEditing] = createSignal<Editing>(null);
  return (
    <>
      <PageHeader title="Bots" summary="Your team of bots and the router that allocates risk between them." />
      <div class="bots-layout">
        <BotFilesCard state={state} onNew={() => setEditing({ bot: null })} />
        <Show when={editing()} keyed>
          {(open) => (
            <BotEditor
              bot={open.bot}
              onSave={async (bot) => void (await state.save(bot as Bot))}
              onClose={() => setEditing(null)}
            />
          )}
        </Show>
        <Show when={state.tags().length}>
          <fieldset class="bot-filter">
            <legend class="muted">Filter by tag</legend>
            <button type="button" aria-pressed={state.tag() === null} onClick={() => state.setTag(null)}>
              All
            </button>
            <For each={state.tags()}>
              {(tag) => (
                <button type="button" aria-pressed={state.tag() === tag} onClick={() => state.setTag(tag)}>
                  {tag}
                </button>
              )}
            </For>
          </fieldset>
        </Show>
        <Show when={state.ready()} fallback={<p class="muted">Loading bots…</p>}>
          <Show when={state.bots().length} fallback={<p class="muted">No bots yet: add the examples or a new bot.</p>}>
            <div class="grid bot-grid">
              <For each={state.shown()}>
                {(bot) => (
                  <BotCard
                    bot={bot}
                    run={state.runs().get(bot.id)}
                    onEnable={(enabled) => void state.setEnabled(bot, enabled)}
                    onEdit={() => setEditing({ bot })}
                    onDelete={() => void state.remove(bot.id)}
                  />
                )}
              </For>
            </div>
          </Show>
        </Show>
      </div>
    </>
  );
}
