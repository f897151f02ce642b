import { createMemo, createSignal, onMount } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import type { Bot, BotInput } from "../../core/router/bot.ts";
import type { BotRun } from "../../core/router/bot-run.ts";
import {
  addExampleBots,
  deleteBot,
  exportBotsFile,
  importBotsFile,
  loadBotRuns,
  loadBots,
  saveBot,
} from "../../store/bots.ts";

/** An error as one line: bot errors already start with their JSON path, so it is not repeated. */
export const errorText = (error: PipscopeError) => (error.where?.path ? error.message : error.describe());

const asPipscopeError = (error: unknown, code: string) =>
  error instanceof PipscopeError
    ? error
    : new PipscopeError(code, error instanceof Error ? error.message : String(error));

/**
 * The Bots page's data: the registry (IndexedDB), each bot's last run, the tag filter and the
 * last import's outcome. The example bots are added on the first visit. Call inside a component.
 */
export function createBotsState() {
  const [bots, setBots] = createSignal<Bot[]>([]);
  const [runs, setRuns] = createSignal(new Map<string, BotRun>());
  const [invalid, setInvalid] = createSignal(0);
  const [ready, setReady] = createSignal(false);
  const [tag, setTag] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<{ text: string; error?: PipscopeError } | null>(null);

  const reload = async () => {
    const loaded = await loadBots();
    setBots(loaded.bots.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name)));
    setInvalid(loaded.invalid);
    setRuns(await loadBotRuns());
  };
  onMount(async () => {
    await addExampleBots(true);
    await reload();
    setReady(true);
  });

  const tags = createMemo(() => [...new Set(bots().flatMap((bot) => bot.manifest.tags))].sort());
  const shown = createMemo(() => {
    const wanted = tag();
    return wanted === null ? bots() : bots().filter((bot) => bot.manifest.tags.includes(wanted));
  });

  return {
    bots,
    shown,
    runs,
    invalid,
    ready,
    tags,
    tag,
    setTag,
    notice,
    /** Validates and stores a bot; throws BOT_INVALID naming the JSON path (the editor shows it). */
    async save(input: BotInput | Bot): Promise<Bot> {
      const bot = await saveBot(input);
      await reload();
      return bot;
    },
    async setEnabled(bot: Bot, enabled: boolean): Promise<void> {
      await saveBot({ ...bot, enabled });
      await reload();
    },
    async remove(id: string): Promise<void> {
      await deleteBot(id);
      await reload();
    },
    async addExamples(): Promise<void> {
      const added = await addExampleBots();
      setNotice({
        text: added ? `Added ${added} example bot${added === 1 ? "" : "s"}.` : "The examples are all here.",
      });
      await reload();
    },
    /** Imports a bots file, all or nothing. */
    async importFile(file: File): Promise<void> {
      try {
        const ids = await importBotsFile(await file.text(), file.name);
        setNotice({
          text: `${file.name}: imported ${ids.length} bot${ids.length === 1 ? "" : "s"} (${ids.join(", ")}).`,
        });
        await reload();
      } catch (error) {
        setNotice({ text: `${file.name}: nothing imported.`, error: asPipscopeError(error, "BOT_IMPORT_FAILED") });
      }
    },
    exportText: exportBotsFile,
  };
}

export type BotsState = ReturnType<typeof createBotsState>;
