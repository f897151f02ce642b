/**
 * Where a problem is: any of file, line (1-based), column (1-based), field and JSON path.
 * Kept as data so the UI, the CLI and the tests can each render it their way.
 */
export interface ErrorWhere {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  path?: string;
}

/** What crosses a worker, process or network boundary in place of a thrown PipscopeError. */
export interface SerializedError {
  code: string;
  message: string;
  where?: ErrorWhere;
  stack?: string;
}

/**
 * The one error class of Pipscope: a stable machine-readable `code` (e.g. `CLI_UNKNOWN_COMMAND`),
 * a sentence for a person, and optionally where the problem is. It survives comlink and JSON
 * (see `toJSON` / `fromJSON`) so a worker's error arrives with its code intact.
 */
export class PipscopeError extends Error {
  override readonly name = "PipscopeError";

  constructor(
    readonly code: string,
    message: string,
    readonly where?: ErrorWhere,
  ) {
    super(message);
  }

  /** The message prefixed with its location, e.g. `prices.csv:12:3 (field close): not a number`. */
  describe(): string {
    const at = describeWhere(this.where);
    return at ? `${at}: ${this.message}` : this.message;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, where: this.where, stack: this.stack };
  }

  /** The same error, located in `file` unless it already names one (raised before the file was known). */
  inFile(file: string): PipscopeError {
    const error = new PipscopeError(this.code, this.message, { file, ...this.where });
    error.stack = this.stack;
    return error;
  }

  static fromJSON(data: SerializedError): PipscopeError {
    const error = new PipscopeError(data.code, data.message, data.where);
    if (data.stack) error.stack = data.stack;
    return error;
  }
}

/** Renders a location as `file:line:column (field f, path p)`; empty when nothing is known. */
export function describeWhere(where: ErrorWhere | undefined): string {
  if (!where) return "";
  let at = where.file ?? "";
  if (where.line !== undefined) at += `${at ? ":" : "line "}${where.line}`;
  if (where.column !== undefined) at += `:${where.column}`;
  const details = [
    where.field !== undefined ? `field ${where.field}` : "",
    where.path !== undefined ? `at ${where.path}` : "",
  ].filter(Boolean);
  if (details.length) at += `${at ? " " : ""}(${details.join(", ")})`;
  return at;
}

/** Runs `make`, locating any PipscopeError it throws in `file` (a config's name, a page). */
export function inFile<T>(file: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw error instanceof PipscopeError ? error.inFile(file) : error;
  }
}
