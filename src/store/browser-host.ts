import { openDB } from "idb";
import { PipscopeError } from "../core/errors.ts";
import type { SqlEngine } from "./duckdb/engine.ts";
import { PARQUET_OPTIONS, sqlString } from "./duckdb/sql-text.ts";
import type { StorageUsage, StoredFile, StoreHost } from "./host.ts";
import { webWriteLock } from "./web-lock.ts";
import type { WriteLockListener } from "./write-lock.ts";

/** IndexedDB database and key of the catalog (one record: swapped in one transaction). */
const DB_NAME = "pipscope-data";
const CATALOG_STORE = "catalog";
const CATALOG_KEY = "current";
/** Parquet bytes kept registered with DuckDB between queries, at most. */
const ATTACHED_BUDGET_BYTES = 512 * 1024 * 1024;

/** OPFS's synchronous access handle, for workers (TypeScript's DOM lib leaves it to the WebWorker lib). */
interface SyncAccessHandle {
  getSize(): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

/** The async iteration of OPFS directories (TypeScript's DOM lib declares it only in DOM.AsyncIterable). */
type Listable = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };

/**
 * The browser's store host, for the data worker: Parquet in the Origin Private File System under
 * `pipscope/data/`, the catalog in IndexedDB. DuckDB reads a file from a buffer registered in
 * this worker (an OPFS sync access handle is exclusive per file, so buffers, not shared handles);
 * it writes into its in-memory file system, and the bytes go to OPFS through `createWritable`,
 * which swaps the file in only when closed. Writers in every tab take turns through a Web Lock
 * (web-lock.ts); `onLockNotice` hears when this tab waits for another.
 */
export async function openBrowserHost(options: { onLockNotice?: WriteLockListener } = {}): Promise<StoreHost> {
  let engine: Promise<SqlEngine> | undefined;
  // DuckDB loads on the first query (its own chunk): reading column files needs none of it.
  const sql = () => {
    engine ??= import("./duckdb/browser.ts").then(({ openBrowserDuckDB }) => openBrowserDuckDB());
    return engine;
  };
  const opfs = await navigator.storage.getDirectory();
  const root = await opfs.getDirectoryHandle("pipscope", { create: true });
  const dataRoot = await root.getDirectoryHandle("data", { create: true });
  const db = await openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(CATALOG_STORE);
    },
  });
  const attached = new Map<string, { bytes: number; used: number }>();
  let uses = 0;

  async function directory(parts: string[], create: boolean): Promise<FileSystemDirectoryHandle> {
    let dir = dataRoot;
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
    return dir;
  }

  const split = (path: string) => {
    const parts = path.split("/");
    return { dirs: parts.slice(0, -1), name: parts[parts.length - 1] };
  };

  async function detach(path: string): Promise<void> {
    if (!attached.delete(path)) return;
    (await sql()).bindings.dropFile(path);
  }

  async function evict(): Promise<void> {
    let total = 0;
    for (const entry of attached.values()) total += entry.bytes;
    const oldest = [...attached.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [path, entry] of oldest) {
      if (total <= ATTACHED_BUDGET_BYTES) break;
      await detach(path);
      total -= entry.bytes;
    }
  }

  async function walk(dir: FileSystemDirectoryHandle, prefix: string, out: string[]): Promise<void> {
    for await (const [name, handle] of (dir as Listable).entries()) {
      if (handle.kind === "file") out.push(`${prefix}${name}`);
      else await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`, out);
    }
  }

  /** Writes a file through `createWritable`, which swaps it in only when closed: complete or not at all. */
  async function writeFile(path: string, bytes: Uint8Array): Promise<number> {
    const { dirs, name } = split(path);
    const handle = await (await directory(dirs, true)).getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    try {
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    return bytes.length;
  }

  async function isEmpty(dir: FileSystemDirectoryHandle): Promise<boolean> {
    for await (const _ of (dir as Listable).entries()) return false;
    return true;
  }

  return {
    sql,
    location: "this browser (OPFS)",
    writeLock: webWriteLock(options.onLockNotice),
    async attach(path) {
      const known = attached.get(path);
      if (known) {
        known.used = ++uses;
        return path;
      }
      const { dirs, name } = split(path);
      const file = await (await (await directory(dirs, false)).getFileHandle(name)).getFile();
      const bytes = new Uint8Array(await file.arrayBuffer());
      (await sql()).bindings.registerFileBuffer(path, bytes);
      attached.set(path, { bytes: bytes.length, used: ++uses });
      await evict();
      return path;
    },
    async writeParquet(select, path) {
      const engine = await sql();
      const scratch = `scratch-${path.replaceAll("/", "_")}`;
      let bytes: Uint8Array;
      try {
        // Registered up front, DuckDB writes into a buffer without warning "Buffering missing file".
        engine.bindings.registerFileBuffer(scratch, new Uint8Array(0));
        engine.run(`COPY (${select}) TO ${sqlString(scratch)} (${PARQUET_OPTIONS})`);
        bytes = engine.bindings.copyFileToBuffer(scratch);
      } finally {
        engine.bindings.dropFile(scratch);
      }
      return writeFile(path, bytes);
    },
    writeFile,
    async openFile(path): Promise<StoredFile | undefined> {
      const { dirs, name } = split(path);
      let handle: SyncAccessHandle;
      try {
        const file = (await (await directory(dirs, false)).getFileHandle(name)) as SyncFileHandle;
        handle = await file.createSyncAccessHandle();
      } catch (error) {
        if ((error as DOMException).name === "NotFoundError") return undefined;
        throw error;
      }
      const size = handle.getSize();
      return {
        size,
        async read(into, position) {
          const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
          for (let done = 0; done < bytes.length; ) {
            const read = handle.read(bytes.subarray(done), { at: position + done });
            if (read === 0)
              throw new PipscopeError("DATA_SHORT_FILE", `${path} ends before byte ${position + bytes.length}`);
            done += read;
          }
        },
        async close() {
          handle.close();
        },
      };
    },
    async remove(path) {
      await detach(path);
      const { dirs, name } = split(path);
      try {
        const parents = [dataRoot];
        for (const part of dirs) parents.push(await parents[parents.length - 1].getDirectoryHandle(part));
        await parents[parents.length - 1].removeEntry(name);
        // Remove the directories the file leaves empty, deepest first.
        for (let i = dirs.length - 1; i >= 0; i--) {
          if (!(await isEmpty(parents[i + 1]))) break;
          await parents[i].removeEntry(dirs[i]);
        }
      } catch (error) {
        if ((error as DOMException).name !== "NotFoundError") throw error;
      }
    },
    async listFiles() {
      const out: string[] = [];
      await walk(dataRoot, "", out);
      return out;
    },
    async usage(): Promise<StorageUsage> {
      const { usage = 0, quota } = await navigator.storage.estimate();
      return { usedBytes: usage, quotaBytes: quota ?? null };
    },
    loadCatalog() {
      return db.get(CATALOG_STORE, CATALOG_KEY);
    },
    async saveCatalog(catalog) {
      await db.put(CATALOG_STORE, catalog, CATALOG_KEY);
    },
  };
}
