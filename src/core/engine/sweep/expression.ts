import { PipscopeError } from "../../errors.ts";

/**
 * A small, safe expression language for sweep constraints (`fast < slow`, `slow >= 2 * fast`) and
 * custom objectives (`net_profit / max(max_drawdown, 1)`). Parsed and type-checked once into a
 * tree of closures: nothing is ever evaluated as JavaScript, so it runs under the page's CSP
 * (script-src without 'unsafe-eval') on the main thread and in the sweep workers.
 *
 * Grammar, loosest first: `a || b`, `a && b`, `!a`, comparisons `< <= > >= == !=` (not chained),
 * `+ -`, `* / %`, unary `-`, then numbers (`12`, `1.5e-3`), strings (`"SMA"` or `'SMA'`), `true`,
 * `false`, names, calls of FUNCTIONS and parentheses. Types are number, string and boolean;
 * arithmetic takes numbers, `&& || !` take booleans, `< <= > >=` compare two numbers or two
 * strings, `== !=` any two values of one type.
 */

export type ValueType = "number" | "string" | "boolean";
export type Value = number | string | boolean;
/** The names an expression may read, with their types. */
export type NameTypes = Readonly<Record<string, ValueType>>;
/** Values of the names at evaluation (a null metric reads as NaN). */
export type Scope = Readonly<Record<string, Value | null>>;

/** A checked expression: its result type, the names it reads, and its evaluator. */
export interface CompiledExpression {
  readonly source: string;
  readonly type: ValueType;
  readonly names: readonly string[];
  evaluate(scope: Scope): Value;
}

/** Functions an expression may call: all take and return numbers. */
export const FUNCTIONS: Readonly<Record<string, { arity: [number, number]; fn: (...x: number[]) => number }>> = {
  abs: { arity: [1, 1], fn: Math.abs },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  log: { arity: [1, 1], fn: Math.log },
  exp: { arity: [1, 1], fn: Math.exp },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  round: { arity: [1, 1], fn: Math.round },
  pow: { arity: [2, 2], fn: Math.pow },
  min: { arity: [1, 16], fn: Math.min },
  max: { arity: [1, 16], fn: Math.max },
};

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "name"; value: string; at: number }
  | { kind: "op"; value: string; at: number }
  | { kind: "end"; at: number };

interface Node {
  type: ValueType;
  /** Column (0-based) of the node's first character, for errors. */
  at: number;
  run(scope: Scope): Value;
}

const OPERATORS = ["||", "&&", "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "%", "!", "(", ")", ","];

/**
 * Parses and type-checks `source` against `names`. Throws SWEEP_BAD_EXPRESSION naming the
 * column (1-based) of the problem and `field` (what the expression is, e.g. "constraint 2").
 * `expect` is the type the result must have.
 */
export function compileExpression(
  source: string,
  names: NameTypes,
  expect: ValueType,
  field: string,
): CompiledExpression {
  const fail = (message: string, at: number): never => {
    throw new PipscopeError("SWEEP_BAD_EXPRESSION", `${field} '${source}': ${message}`, { field, column: at + 1 });
  };
  const tokens = tokenize(source, fail);
  const read = new Set<string>();
  let k = 0;
  const peek = () => tokens[k];
  const isOp = (value: string) => {
    const t = tokens[k];
    return t.kind === "op" && t.value === value;
  };
  const expectOp = (value: string) => {
    if (!isOp(value)) fail(`expected '${value}'`, peek().at);
    k++;
  };
  const need = (node: Node, type: ValueType, what: string): Node =>
    node.type === type ? node : fail(`${what} needs a ${type}, got a ${node.type}`, node.at);

  function binary(ops: readonly string[], next: () => Node, build: (op: string, a: Node, b: Node) => Node) {
    return (): Node => {
      let left = next();
      for (;;) {
        const t = peek();
        if (t.kind !== "op" || !ops.includes(t.value)) return left;
        k++;
        left = build(t.value, left, next());
      }
    };
  }

  const orExpr: () => Node = binary(
    ["||"],
    () => andExpr(),
    (_, a, b) => {
      const [l, r] = [need(a, "boolean", "'||'"), need(b, "boolean", "'||'")];
      return { type: "boolean", at: a.at, run: (s) => (l.run(s) as boolean) || (r.run(s) as boolean) };
    },
  );
  const andExpr: () => Node = binary(
    ["&&"],
    () => notExpr(),
    (_, a, b) => {
      const [l, r] = [need(a, "boolean", "'&&'"), need(b, "boolean", "'&&'")];
      return { type: "boolean", at: a.at, run: (s) => (l.run(s) as boolean) && (r.run(s) as boolean) };
    },
  );
  function notExpr(): Node {
    const t = peek();
    if (isOp("!")) {
      k++;
      const inner = need(notExpr(), "boolean", "'!'");
      return { type: "boolean", at: t.at, run: (s) => !inner.run(s) };
    }
    return comparison();
  }
  function comparison(): Node {
    const left = sum();
    const t = peek();
    if (t.kind !== "op" || !["<", "<=", ">", ">=", "==", "!="].includes(t.value)) return left;
    k++;
    const right = sum();
    if (left.type !== right.type) fail(`'${t.value}' compares a ${left.type} with a ${right.type}`, t.at);
    if (left.type === "boolean" && !["==", "!="].includes(t.value)) fail(`'${t.value}' cannot order booleans`, t.at);
    const compare = COMPARISONS[t.value];
    const after = peek();
    if (after.kind === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(after.value))
      fail("comparisons do not chain: write a < b && b < c", after.at);
    return { type: "boolean", at: left.at, run: (s) => compare(left.run(s), right.run(s)) };
  }
  const sum: () => Node = binary(["+", "-"], () => product(), arithmetic);
  const product: () => Node = binary(["*", "/", "%"], () => unary(), arithmetic);
  function arithmetic(op: string, a: Node, b: Node): Node {
    const [l, r] = [need(a, "number", `'${op}'`), need(b, "number", `'${op}'`)];
    const apply = ARITHMETIC[op];
    return { type: "number", at: a.at, run: (s) => apply(l.run(s) as number, r.run(s) as number) };
  }
  function unary(): Node {
    const t = peek();
    if (isOp("-")) {
      k++;
      const inner = need(unary(), "number", "'-'");
      return { type: "number", at: t.at, run: (s) => -(inner.run(s) as number) };
    }
    return primary();
  }
  function primary(): Node {
    const t = peek();
    k++;
    switch (t.kind) {
      case "number":
        return { type: "number", at: t.at, run: () => t.value };
      case "string":
        return { type: "string", at: t.at, run: () => t.value };
      case "name":
        return isOp("(") ? call(t.value, t.at) : name(t.value, t.at);
      case "op":
        if (t.value === "(") {
          const inner = orExpr();
          expectOp(")");
          return inner;
        }
        return fail(`unexpected '${t.value}'`, t.at);
      case "end":
        return fail("the expression ends too early", t.at);
    }
  }
  function name(value: string, at: number): Node {
    if (value === "true" || value === "false") {
      const constant = value === "true";
      return { type: "boolean", at, run: () => constant };
    }
    const type = names[value];
    if (!type) {
      const known = Object.keys(names);
      return fail(`unknown name '${value}' (known: ${known.length ? known.join(", ") : "none"})`, at);
    }
    read.add(value);
    // A metric that is undefined for a run (null) reads as NaN: it compares false and ranks last.
    return { type, at, run: (s) => s[value] ?? Number.NaN };
  }
  function call(fnName: string, at: number): Node {
    const spec = FUNCTIONS[fnName];
    if (!spec) return fail(`unknown function '${fnName}' (known: ${Object.keys(FUNCTIONS).join(", ")})`, at);
    expectOp("(");
    const args: Node[] = [];
    if (!isOp(")")) {
      for (;;) {
        args.push(need(orExpr(), "number", `${fnName}()`));
        if (!isOp(",")) break;
        k++;
      }
    }
    expectOp(")");
    const [least, most] = spec.arity;
    if (args.length < least || args.length > most) {
      const wanted = least === most ? `${least}` : `${least} to ${most}`;
      fail(`${fnName}() takes ${wanted} argument${most === 1 ? "" : "s"}, got ${args.length}`, at);
    }
    const values = new Array<number>(args.length);
    return {
      type: "number",
      at,
      run: (s) => {
        for (let i = 0; i < args.length; i++) values[i] = args[i].run(s) as number;
        return spec.fn(...values);
      },
    };
  }

  if (peek().kind === "end") fail("the expression is empty", 0);
  const root = orExpr();
  const rest = peek();
  if (rest.kind !== "end") fail(`unexpected ${describe(rest)}`, rest.at);
  if (root.type !== expect) fail(`must give a ${expect}, gives a ${root.type}`, root.at);
  return { source, type: root.type, names: [...read], evaluate: (scope) => root.run(scope) };
}

const COMPARISONS: Record<string, (a: Value, b: Value) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "%": (a, b) => a % b,
};

function describe(token: Token): string {
  if (token.kind === "end") return "end";
  return token.kind === "string" ? `string "${token.value}"` : `'${token.value}'`;
}

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(source: string, fail: (message: string, at: number) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: "name", value: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) fail("the string is not closed", i);
      tokens.push({ kind: "string", value: source.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) fail(c === "=" ? "use '==' to compare" : `unexpected character '${c}'`, i);
    tokens.push({ kind: "op", value: op as string, at: i });
    i += (op as string).length;
  }
  tokens.push({ kind: "end", at: source.length });
  return tokens;
}
