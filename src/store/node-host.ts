import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, statfs, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { PipscopeError } from "../core/errors.ts";
import type { SqlEngine } from "./duckdb/engine.ts";
import { PARQUET_OPTIONS, sqlString } from "./duckdb/sql-text.ts";
import type { StorageUsage, StoredFile, StoreHost } from "./host.ts";
import { nodeWriteLock } from "./node-lock.ts";
import type { WriteLockListener } from "./write-lock.ts";

/** A write's temporary file: `<target>.<pid>-<n>.partial`, unique to the process and the write. */
const TEMPORARY = /\.(\d+)-\d+\.partial$/;
let temporaries = 0;

/** Whether a file is the temporary file of a write in a process still running: not an orphan. */
function inProgress(name: string): boolean {
  const pid = TEMPORARY.exec(name)?.[1];
  return pid !== undefined && running(Number(pid));
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The CLI's store host: Parquet under `<root>/data/`, the catalog in `<root>/catalog.json`
 * (SPEC §8a: `.pipscope/` under the working directory, or `--data-dir`), the write lock on
 * `<root>/write.lock` (node-lock.ts). DuckDB reads and writes the files directly through its Node
 * file system. `onLockNotice` hears when a write waits for another process, or takes over from one
 * that crashed.
 */
export async function openNodeHost(
  root: string,
  options: { onLockNotice?: WriteLockListener } = {},
): Promise<StoreHost> {
  const dataRoot = join(root, "data");
  await mkdir(dataRoot, { recursive: true });
  let engine: Promise<SqlEngine> | undefined;
  // DuckDB (and Arrow) load on the first query: a backtest reads column files and never asks.
  const sql = () => {
    engine ??= import("./duckdb/node.ts").then(({ openNodeDuckDB }) => openNodeDuckDB(root));
    return engine;
  };
  const absolute = (path: string) => join(dataRoot, ...path.split("/"));
  const catalogPath = join(root, "catalog.json");

  async function removeEmptyParents(path: string): Promise<void> {
    for (let dir = dirname(path); dir.startsWith(dataRoot) && dir !== dataRoot; dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or gone): stop climbing
      }
    }
  }

  /**
   * Every data file but the temporary files of running processes: a reader in another process may
   * be writing a column file (read.ts), and it is not an orphan.
   */
  async function listFiles(): Promise<string[]> {
    const entries = await readdir(dataRoot, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !inProgress(e.name))
      .map((e) => relative(dataRoot, join(e.parentPath, e.name)).split(sep).join("/"));
  }

  /**
   * Writes through a temporary file renamed into place: complete or not at all. Its name is unique,
   * so two processes deriving the same column file at once never write into one temporary file.
   */
  async function atomically(path: string, write: (partial: string) => Promise<void>): Promise<number> {
    const target = absolute(path);
    const partial = `${target}.${process.pid}-${++temporaries}.partial`;
    await mkdir(dirname(target), { recursive: true });
    try {
      await write(partial);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      await removeEmptyParents(partial);
      throw error;
    }
    return (await stat(target)).size;
  }

  return {
    sql,
    location: root,
    writeLock: nodeWriteLock(join(root, "write.lock"), options.onLockNotice),
    async attach(path) {
      return absolute(path);
    },
    async writeParquet(select, path) {
      const engine = await sql();
      return atomically(path, async (partial) =>
        engine.run(`COPY (${select}) TO ${sqlString(partial)} (${PARQUET_OPTIONS})`),
      );
    },
    writeFile: (path, bytes) => atomically(path, (partial) => writeFile(partial, bytes)),
    async openFile(path): Promise<StoredFile | undefined> {
      const handle = await open(absolute(path), "r").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      if (!handle) return undefined;
      const { size } = await handle.stat();
      return {
        size,
        async read(into, position) {
          const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
          for (let done = 0; done < bytes.length; ) {
            const { bytesRead } = await handle.read(bytes, done, bytes.length - done, position + done);
            if (bytesRead === 0)
              throw new PipscopeError("DATA_SHORT_FILE", `${path} ends before byte ${position + bytes.length}`);
            done += bytesRead;
          }
        },
        close: () => handle.close(),
      };
    },
    async remove(path) {
      const target = absolute(path);
      await rm(target, { force: true });
      await removeEmptyParents(target);
    },
    listFiles,
    async usage(): Promise<StorageUsage> {
      let usedBytes = 0;
      for (const path of await listFiles()) usedBytes += (await stat(absolute(path))).size;
      const fs = await statfs(root);
      return { usedBytes, quotaBytes: usedBytes + fs.bavail * fs.bsize };
    },
    async loadCatalog() {
      let text: string;
      try {
        text = await readFile(catalogPath, "utf8");
      } catch {
        return undefined;
      }
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new PipscopeError(
          "DATA_BAD_CATALOG",
          `the catalog is not valid JSON (${error instanceof Error ? error.message : String(error)}); restore it or delete it to start an empty cache`,
          { file: catalogPath },
        );
      }
    },
    async saveCatalog(catalog) {
      const partial = `${catalogPath}.${process.pid}-${++temporaries}.partial`;
      await writeFile(partial, `${JSON.stringify(catalog, null, 1)}\n`);
      await rename(partial, catalogPath);
    },
  };
}
