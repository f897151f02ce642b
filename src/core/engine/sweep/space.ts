import { PipscopeError } from "../../errors.ts";
import type { ParamSpec } from "../../strategy/params.ts";

/** A parameter value: numbers for int/float, booleans for bool, strings for enum. */
export type ParamValue = number | string | boolean;

/** One varied parameter and the values it takes, in order. */
export interface ParamAxis {
  name: string;
  values: readonly ParamValue[];
}

/** Most values one axis may list (a range with a tiny step is more likely a typo than a plan). */
export const MAX_AXIS_VALUES = 10_000;

const fail = (name: string, message: string): never => {
  throw new PipscopeError("SWEEP_BAD_PARAM", `parameter ${name}: ${message}`, { field: name });
};

/** The spec of `name`, or SWEEP_BAD_PARAM listing the strategy's parameters. */
export function specOf(specs: readonly ParamSpec[], name: string, strategy: string): ParamSpec {
  const spec = specs.find((s) => s.name === name);
  if (!spec) fail(name, `${strategy} has no such parameter (it has ${specs.map((s) => s.name).join(", ")})`);
  return spec as ParamSpec;
}

/**
 * An axis from `name=from:to[:step]` (an inclusive range; step defaults to the parameter's own),
 * `name=a,b,c` (a list) or `name=v` (one value), checked against the strategy's specs: types,
 * bounds, whole numbers for int parameters, enum options. Throws SWEEP_BAD_PARAM naming the
 * parameter.
 */
export function parseAxis(text: string, specs: readonly ParamSpec[], strategy: string): ParamAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) fail(text, "write name=from:to:step, name=a,b,c or name=value");
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  const spec = specOf(specs, name, strategy);
  if (body.includes(":")) {
    const parts = body.split(":");
    if (spec.type !== "int" && spec.type !== "float") fail(name, `a ${spec.type} parameter takes a list, not a range`);
    if (parts.length > 3) fail(name, `'${body}' is not from:to or from:to:step`);
    const [from, to, step] = parts.map((p) => toNumber(name, p));
    return rangeAxis(spec, from, to, step);
  }
  return listAxis(spec, body.split(","));
}

/** Every value of `[from, to]` in steps of `step` (default: the spec's step). */
export function rangeAxis(spec: ParamSpec, from: number, to: number, step?: number): ParamAxis {
  const { name } = spec;
  if (spec.type !== "int" && spec.type !== "float") return fail(name, `a ${spec.type} parameter has no range`);
  const by = step ?? spec.step;
  if (!(by > 0)) fail(name, `the step must be positive, got ${by}`);
  if (spec.type === "int" && !Number.isInteger(by)) fail(name, `an int parameter needs a whole step, got ${by}`);
  if (to < from) fail(name, `the range ends (${to}) before it starts (${from})`);
  // A small tolerance so that 0.1:0.3:0.1 includes 0.3 despite binary fractions.
  const count = Math.floor((to - from) / by + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) fail(name, `${from}:${to}:${by} has ${count} values; at most ${MAX_AXIS_VALUES}`);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Number((from + i * by).toPrecision(12)));
  for (const value of values) checkValue(spec, value);
  return { name, values };
}

/** The listed values (text from a command line, or values from a form), each checked. */
export function listAxis(spec: ParamSpec, raw: readonly (string | ParamValue)[]): ParamAxis {
  const { name } = spec;
  if (raw.length === 0) fail(name, "no values");
  if (raw.length > MAX_AXIS_VALUES) fail(name, `${raw.length} values; at most ${MAX_AXIS_VALUES}`);
  const values = raw.map((item) => {
    const value = typeof item === "string" ? fromText(spec, item.trim()) : item;
    checkValue(spec, value);
    return value;
  });
  const seen = new Set<ParamValue>();
  for (const value of values) {
    if (seen.has(value)) fail(name, `${String(value)} is listed twice`);
    seen.add(value);
  }
  return { name, values };
}

function fromText(spec: ParamSpec, text: string): ParamValue {
  if (spec.type === "bool") {
    if (text !== "true" && text !== "false") fail(spec.name, `expected true or false, got '${text}'`);
    return text === "true";
  }
  if (spec.type === "enum") return text;
  return toNumber(spec.name, text);
}

function toNumber(name: string, text: string): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) fail(name, `'${text}' is not a number`);
  return value;
}

/** A value the spec accepts, or SWEEP_BAD_PARAM saying why not. */
export function checkValue(spec: ParamSpec, value: ParamValue): void {
  const { name } = spec;
  switch (spec.type) {
    case "bool":
      if (typeof value !== "boolean") fail(name, `expected true or false, got ${JSON.stringify(value)}`);
      return;
    case "enum":
      if (typeof value !== "string" || !spec.options.includes(value))
        fail(name, `expected one of ${spec.options.join(", ")}, got ${JSON.stringify(value)}`);
      return;
    default:
      if (typeof value !== "number" || !Number.isFinite(value)) fail(name, `expected a number, got ${String(value)}`);
      if (spec.type === "int" && !Number.isInteger(value)) fail(name, `expected a whole number, got ${value}`);
      if ((value as number) < spec.min || (value as number) > spec.max)
        fail(name, `${value} is outside ${spec.min}…${spec.max}`);
  }
}
