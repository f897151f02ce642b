import { z } from "zod";
import { PipscopeError } from "../errors.ts";

/** One tunable parameter of a strategy: the UI renders a field from it, sweeps a range. */
export type ParamSpec =
  | { name: string; label: string; type: "int" | "float"; default: number; min: number; max: number; step: number }
  | { name: string; label: string; type: "bool"; default: boolean }
  | { name: string; label: string; type: "enum"; default: string; options: readonly string[] };

export type ParamValues = Record<string, number | boolean | string>;

/** A zod schema for a parameter list: types, bounds, integer steps, no unknown names. */
export function paramsSchema(specs: readonly ParamSpec[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of specs) {
    if (spec.type === "bool") shape[spec.name] = z.boolean().default(spec.default);
    else if (spec.type === "enum")
      shape[spec.name] = z.enum(spec.options as [string, ...string[]]).default(spec.default);
    else {
      const number = spec.type === "int" ? z.number().int() : z.number();
      shape[spec.name] = number.min(spec.min).max(spec.max).default(spec.default);
    }
  }
  return z.strictObject(shape);
}

/** Validates `values` against the specs and fills defaults; a bad value names the parameter. */
export function resolveParams(strategy: string, specs: readonly ParamSpec[], values: unknown = {}): ParamValues {
  const parsed = paramsSchema(specs).safeParse(values ?? {});
  if (parsed.success) return parsed.data as ParamValues;
  const issue = parsed.error.issues[0];
  const name = issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "");
  throw new PipscopeError(
    "STRATEGY_BAD_PARAM",
    `${strategy}: parameter ${name}: ${issue.message.replace(/^Invalid input: /, "")}`,
    {
      path: `$.strategy.parameters.${name}`,
    },
  );
}
