import { readdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { RouterPlan } from "../core/config/router-config.ts";
import { PipscopeError } from "../core/errors.ts";
import { type Bot, exportBots, importBots } from "../core/router/bot.ts";
import { readTextFile } from "./files.ts";

/**
 * The CLI's bot registry: a bots file (one bot or `{ "bots": [...] }`, as the Bots page exports
 * it) or a directory whose `*.json` files are read in name order. Every bot is validated (errors
 * name the file and JSON path); an id used twice, even across files, is refused naming both.
 * `shown` is the path as the user wrote it, for messages; `path` is resolved against `cwd`.
 */
export async function readBots(path: string, cwd = process.cwd(), shown = path): Promise<Bot[]> {
  const absolute = resolve(cwd, path);
  let files: { absolute: string; shown: string }[] = [{ absolute, shown }];
  if ((await stat(absolute).catch(() => undefined))?.isDirectory()) {
    const names = (await readdir(absolute)).filter((name) => name.endsWith(".json")).sort();
    if (names.length === 0)
      throw new PipscopeError("BOT_NO_FILES", `${shown}: a bots directory without .json files`, { file: shown });
    files = names.map((name) => ({ absolute: join(absolute, name), shown: join(shown, name) }));
  }
  const bots: Bot[] = [];
  const origin = new Map<string, string>();
  for (const file of files) {
    for (const bot of importBots(await readTextFile(file.absolute, file.shown), file.shown)) {
      const first = origin.get(bot.id);
      if (first !== undefined)
        throw new PipscopeError("BOT_DUPLICATE", `bot id '${bot.id}' is in both ${first} and ${file.shown}`, {
          file: file.shown,
        });
      origin.set(bot.id, file.shown);
      bots.push(bot);
    }
  }
  return bots;
}

/** Writes bots as one file `readBots` (and the Bots page's import) reads back; `shown` names it in errors. */
export async function writeBotsFile(path: string, bots: readonly Bot[], shown = path): Promise<void> {
  try {
    await writeFile(path, exportBots(bots), "utf8");
  } catch (error) {
    throw new PipscopeError(
      "CLI_BAD_FILE",
      `cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        file: shown,
      },
    );
  }
}

/**
 * The team of a config's `router` field for the `spiced` variants: its inline bots, the bots of
 * its `bots_file` (relative to the config's directory), or none — the run's strategy then trades
 * alone through the router (`spicedRunner([])`).
 */
export async function routerBots(router: RouterPlan | undefined, configDir: string): Promise<Bot[]> {
  if (router?.bots) return router.bots;
  return router?.botsFile ? readBots(router.botsFile, configDir) : [];
}
