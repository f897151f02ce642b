import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { describeIssue, jsonPath } from "../core/config/json-text.ts";
import { PipscopeError } from "../core/errors.ts";
import { type Bot, type BotInput, exportBots, importBots, parseBot } from "../core/router/bot.ts";
import { type BotRun, botRunSchema } from "../core/router/bot-run.ts";
import { EXAMPLE_BOTS } from "../core/router/example-bots.ts";

interface BotsDb extends DBSchema {
  bots: { key: string; value: Bot };
  /** Each bot's last portfolio run, by bot id. */
  runs: { key: string; value: BotRun };
  /** Flags such as whether the example bots were offered once. */
  meta: { key: string; value: boolean };
}

const DB_NAME = "pipscope-bots";
const EXAMPLES_OFFERED = "examples_offered";

let opening: Promise<IDBPDatabase<BotsDb>> | undefined;

/** The bot registry's database (its own, so other stores' upgrades never touch it). */
function botsDb(): Promise<IDBPDatabase<BotsDb>> {
  opening ??= openDB<BotsDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("bots", { keyPath: "id" });
      db.createObjectStore("runs", { keyPath: "bot_id" });
      db.createObjectStore("meta");
    },
  });
  return opening;
}

/**
 * Every stored bot, by id. Storage is input like any other (another version of the app may have
 * written it): records that fail the schema are left out and counted.
 */
export async function loadBots(): Promise<{ bots: Bot[]; invalid: number }> {
  const records = await (await botsDb()).getAll("bots");
  const bots: Bot[] = [];
  for (const record of records) {
    try {
      bots.push(parseBot(record, "IndexedDB pipscope-bots"));
    } catch {
      // counted below
    }
  }
  return { bots, invalid: records.length - bots.length };
}

/**
 * The enabled bots of the registry: the team a browser `spiced` run uses when its config names
 * none. The examples are offered first (once, as the Bots page does), so a comparison trades the
 * same team whether or not that page was ever opened.
 */
export async function enabledBots(): Promise<Bot[]> {
  await addExampleBots(true);
  return (await loadBots()).bots.filter((bot) => bot.enabled);
}

/** Validates and stores a bot (replacing one with its id); a bad bot throws BOT_INVALID naming the path. */
export async function saveBot(input: BotInput | Bot): Promise<Bot> {
  const bot = parseBot(input);
  await (await botsDb()).put("bots", bot);
  return bot;
}

export async function deleteBot(id: string): Promise<void> {
  const db = await botsDb();
  const tx = db.transaction(["bots", "runs"], "readwrite");
  await tx.objectStore("bots").delete(id);
  await tx.objectStore("runs").delete(id);
  await tx.done;
}

/**
 * Imports a bots file (one bot or `{ "bots": [...] }`), all or nothing: every bot is validated
 * before any is stored; a bot with an existing id replaces it. Returns the ids, in file order.
 */
export async function importBotsFile(text: string, file: string): Promise<string[]> {
  const bots = importBots(text, file);
  const tx = (await botsDb()).transaction("bots", "readwrite");
  for (const bot of bots) await tx.store.put(bot);
  await tx.done;
  return bots.map((bot) => bot.id);
}

/** Every valid stored bot as a file `importBotsFile` (and the CLI) reads back. */
export async function exportBotsFile(): Promise<string> {
  return exportBots((await loadBots()).bots);
}

/**
 * Stores the example bots whose ids are free; returns how many were added. With `onlyOnce`, does
 * it the first time only (the first visit), so deleting them is not undone by the next visit.
 */
export async function addExampleBots(onlyOnce = false): Promise<number> {
  const db = await botsDb();
  const tx = db.transaction(["bots", "meta"], "readwrite");
  let added = 0;
  if (!(onlyOnce && (await tx.objectStore("meta").get(EXAMPLES_OFFERED)))) {
    for (const example of EXAMPLE_BOTS) {
      if ((await tx.objectStore("bots").getKey(example.id)) !== undefined) continue;
      await tx.objectStore("bots").put(parseBot(example));
      added++;
    }
    await tx.objectStore("meta").put(true, EXAMPLES_OFFERED);
  }
  await tx.done;
  return added;
}

/** Records each bot's share of a finished portfolio run (`PortfolioResult.bots`) as its last run; all or nothing. */
export async function saveBotRuns(runs: readonly BotRun[]): Promise<void> {
  const checked = runs.map((run, i) => {
    const parsed = botRunSchema.safeParse(run);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = `$[${i}]${jsonPath(issue.path).slice(1)}`;
    throw new PipscopeError("BOT_RUN_INVALID", `${path}: ${describeIssue(issue)}`, { path });
  });
  const tx = (await botsDb()).transaction("runs", "readwrite");
  for (const run of checked) await tx.store.put(run);
  await tx.done;
}

/** The last run of each bot, by bot id (records failing the schema left out). */
export async function loadBotRuns(): Promise<Map<string, BotRun>> {
  const runs = new Map<string, BotRun>();
  for (const record of await (await botsDb()).getAll("runs")) {
    const parsed = botRunSchema.safeParse(record);
    if (parsed.success) runs.set(parsed.data.bot_id, parsed.data);
  }
  return runs;
}
