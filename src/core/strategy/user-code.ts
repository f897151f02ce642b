import { transform } from "sucrase";
import { PipscopeError } from "../errors.ts";
import type { Strategy, StrategyContext, StrategyDefinition } from "./api.ts";
import * as indicators from "./indicators/index.ts";
import type { ParamSpec } from "./params.ts";

/** The name user code is reported under in errors. */
export const USER_STRATEGY_FILE = "strategy.ts";

/** What user code may import: `import { sma, ema, crossovers } from "pipscope"`. */
const MODULES: Record<string, unknown> = { pipscope: indicators };

/**
 * Line and column, in the user's source, of the first stack frame inside the compiled code.
 * `new Function` puts two lines (`function anonymous(…` and `) {`) before the body, and sucrase
 * keeps every line where it was, so the body's line L is the source's line L − 2.
 */
function locate(error: unknown): { line: number; column: number } | undefined {
  const match = /<anonymous>:(\d+):(\d+)/.exec(String((error as Error)?.stack ?? ""));
  return match ? { line: Number(match[1]) - 2, column: Number(match[2]) } : undefined;
}

function runtimeError(error: unknown): PipscopeError {
  if (error instanceof PipscopeError) return error;
  const where = locate(error);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const at = where ? ` (${USER_STRATEGY_FILE}:${where.line}:${where.column})` : "";
  const failure = new PipscopeError(
    "STRATEGY_ERROR",
    `strategy error: ${message}${at}`,
    where && { file: USER_STRATEGY_FILE, ...where },
  );
  failure.stack = `${failure.message}\n    at ${USER_STRATEGY_FILE}:${where ? `${where.line}:${where.column}` : "?"}`;
  return failure;
}

/** Calls user code, turning anything it throws into a STRATEGY_ERROR naming line and column. */
function guarded<A extends unknown[], R>(
  fn: ((...args: A) => R) | undefined,
  self: unknown,
): ((...args: A) => R) | undefined {
  if (!fn) return undefined;
  return (...args: A) => {
    try {
      return fn.apply(self, args);
    } catch (error) {
      throw runtimeError(error);
    }
  };
}

type UserExport = Strategy & { params?: ParamSpec[]; name?: string; description?: string };

/**
 * Compiles a strategy a user pasted (TypeScript or JavaScript). It must `export default` an object
 * with `init`/`onBar`/`onTick` (and optionally `params`, `name`), or a class with those methods.
 * A syntax error names line and column; so does anything the code throws while it runs. The code
 * runs only in the backtest worker (the one place allowed to evaluate code).
 */
export function compileUserStrategy(source: string): StrategyDefinition {
  let code: string;
  try {
    code = transform(source, { transforms: ["typescript", "imports"] }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message).replace(/ \(\d+:\d+\)$/, "");
    throw new PipscopeError(
      "STRATEGY_COMPILE",
      `${message}`,
      loc && { file: USER_STRATEGY_FILE, line: loc.line, column: loc.column },
    );
  }
  const module = { exports: {} as { default?: unknown } };
  const require = (name: string) => {
    if (name in MODULES) return MODULES[name];
    throw new PipscopeError(
      "STRATEGY_COMPILE",
      `cannot import '${name}': only "pipscope" (the indicators) is available`,
      { file: USER_STRATEGY_FILE },
    );
  };
  try {
    new Function("exports", "require", "module", code)(module.exports, require, module);
  } catch (error) {
    throw runtimeError(error);
  }
  const exported = module.exports.default;
  if (!exported || (typeof exported !== "object" && typeof exported !== "function")) {
    throw new PipscopeError("STRATEGY_COMPILE", "the code must `export default` a strategy object or class", {
      file: USER_STRATEGY_FILE,
    });
  }
  const template = (typeof exported === "function" ? exported.prototype : exported) as UserExport;
  if (!template.onBar && !template.onTick) {
    throw new PipscopeError("STRATEGY_COMPILE", "the strategy has neither onBar(ctx) nor onTick(ctx)", {
      file: USER_STRATEGY_FILE,
    });
  }
  return {
    id: "custom",
    name: template.name ?? "Custom strategy",
    description: template.description ?? "Pasted code",
    params: template.params ?? [],
    create() {
      const instance = (
        typeof exported === "function" ? new (exported as new () => UserExport)() : exported
      ) as UserExport;
      return {
        init: guarded<[StrategyContext], void>(instance.init, instance),
        onBar: guarded<[StrategyContext], void>(instance.onBar, instance),
        onTick: guarded<[StrategyContext], void>(instance.onTick, instance),
      };
    },
  };
}
