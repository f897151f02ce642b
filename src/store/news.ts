import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import {
  type KillZoneConfig,
  type NewsEvent,
  newsEventKey,
  newsEventSchema,
  parseKillZoneConfig,
} from "../core/time/index.ts";

/** Kill-zone settings of the News page: the instrument whose currencies count, and the windows. */
export interface NewsSettings {
  symbol: string;
  killZones: KillZoneConfig;
}

export const DEFAULT_NEWS_SETTINGS: NewsSettings = { symbol: "EURUSD", killZones: parseKillZoneConfig({}) };

interface NewsDb extends DBSchema {
  events: { key: string; value: NewsEvent & { key: string }; indexes: { by_time: number } };
  settings: { key: string; value: unknown };
}

const DB_NAME = "pipscope-news";

let opening: Promise<IDBPDatabase<NewsDb>> | undefined;

/** The news database (its own, so other stores' upgrades never touch it). */
function newsDb(): Promise<IDBPDatabase<NewsDb>> {
  opening ??= openDB<NewsDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("events", { keyPath: "key" }).createIndex("by_time", "time");
      db.createObjectStore("settings");
    },
  });
  return opening;
}

/**
 * Stores events in one transaction (all or nothing). An event already stored (same time,
 * currency and title) is replaced, so importing the same week twice adds nothing; returns how
 * many were new.
 */
export async function saveNewsEvents(events: readonly NewsEvent[]): Promise<number> {
  const db = await newsDb();
  const tx = db.transaction("events", "readwrite");
  let added = 0;
  for (const event of events) {
    const key = newsEventKey(event);
    if ((await tx.store.getKey(key)) === undefined) added++;
    await tx.store.put({ ...event, key });
  }
  await tx.done;
  return added;
}

/**
 * Every stored event, by time. Storage is input like any other (another version of the app may
 * have written it): records that fail the schema are left out and counted.
 */
export async function loadNewsEvents(): Promise<{ events: NewsEvent[]; invalid: number }> {
  const records = await (await newsDb()).getAllFromIndex("events", "by_time");
  const events: NewsEvent[] = [];
  for (const { key: _key, ...record } of records) {
    const parsed = newsEventSchema.safeParse(record);
    if (parsed.success) events.push(parsed.data);
  }
  return { events, invalid: records.length - events.length };
}

export async function clearNewsEvents(): Promise<void> {
  await (await newsDb()).clear("events");
}

/** The saved settings, or the defaults when none (or invalid ones) are stored. */
export async function loadNewsSettings(): Promise<NewsSettings> {
  const stored = (await (await newsDb()).get("settings", "news")) as Partial<NewsSettings> | undefined;
  try {
    if (stored && typeof stored.symbol === "string")
      return { symbol: stored.symbol, killZones: parseKillZoneConfig(stored.killZones) };
  } catch {
    // Invalid stored settings fall back to the defaults below.
  }
  return DEFAULT_NEWS_SETTINGS;
}

export async function saveNewsSettings(settings: NewsSettings): Promise<void> {
  await (await newsDb()).put("settings", settings, "news");
}
