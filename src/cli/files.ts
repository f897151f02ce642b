import { readFile } from "node:fs/promises";
import { PipscopeError } from "../core/errors.ts";

/** Reads a UTF-8 text file; a missing or unreadable file is bad input naming the path. */
export async function readTextFile(path: string, shown = path): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String((error as Error).message);
    throw new PipscopeError("CLI_BAD_FILE", `cannot read ${shown}: ${why}`, { file: shown });
  }
}
