import { createMemo, createSignal, onMount } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import { importNewsFile, KillZones, type NewsEvent, symbolCurrencies } from "../../core/time/index.ts";
import {
  clearNewsEvents,
  DEFAULT_NEWS_SETTINGS,
  loadNewsEvents,
  loadNewsSettings,
  type NewsSettings,
  saveNewsEvents,
  saveNewsSettings,
} from "../../store/news.ts";

/** What the last import did, for the page to report. */
export interface ImportReport {
  file: string;
  /** Events read from the file, and how many of them were not stored yet. */
  read: number;
  added: number;
  /** One per skipped row (line and field in `where`). */
  rowErrors: PipscopeError[];
  /** Set when the whole file was rejected; nothing was stored. */
  failure?: PipscopeError;
}

function asPipscopeError(error: unknown, file: string): PipscopeError {
  return error instanceof PipscopeError
    ? error
    : new PipscopeError("NEWS_IMPORT_FAILED", error instanceof Error ? error.message : String(error), { file });
}

/**
 * The News page's data: stored events, settings (kept in IndexedDB so a reload keeps them), the
 * last import's report, and the kill zones of the chosen instrument. Call inside a component.
 */
export function createNewsState() {
  const [events, setEvents] = createSignal<NewsEvent[]>([]);
  const [settings, setSettings] = createSignal<NewsSettings>(DEFAULT_NEWS_SETTINGS);
  const [report, setReport] = createSignal<ImportReport | null>(null);
  const [ready, setReady] = createSignal(false);

  const reload = async () => setEvents((await loadNewsEvents()).events);
  onMount(async () => {
    setSettings(await loadNewsSettings());
    await reload();
    setReady(true);
  });

  /** The instrument's currencies, or the error that says why the symbol cannot be read. */
  const currencies = createMemo((): { codes: string[]; error?: string } => {
    try {
      return { codes: symbolCurrencies(settings().symbol) };
    } catch (error) {
      return { codes: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
  const killZones = createMemo(() => new KillZones(events(), currencies().codes, settings().killZones));

  return {
    events,
    settings,
    report,
    ready,
    currencies,
    killZones,
    /** Reads, parses and stores a calendar file; `zone` is the zone of CSV/XML times. */
    async importFile(file: File, zone: string): Promise<void> {
      try {
        const result = importNewsFile(new Uint8Array(await file.arrayBuffer()), { file: file.name, zone });
        const added = await saveNewsEvents(result.events);
        setReport({ file: file.name, read: result.events.length, added, rowErrors: result.errors });
        await reload();
      } catch (error) {
        setReport({ file: file.name, read: 0, added: 0, rowErrors: [], failure: asPipscopeError(error, file.name) });
      }
    },
    async updateSettings(next: NewsSettings): Promise<void> {
      setSettings(next);
      await saveNewsSettings(next);
    },
    async clear(): Promise<void> {
      await clearNewsEvents();
      setReport(null);
      await reload();
    },
  };
}

export type NewsState = ReturnType<typeof createNewsState>;
