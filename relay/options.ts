import { z } from "zod";
import { PipscopeError } from "../src/core/errors.ts";
import { symbolSchema } from "../src/core/protocol/relay.ts";
import { LOOPBACK_ORIGINS } from "./origin.ts";

/** Where ticks come from (`--source`). */
export type SourceSpec =
  | { kind: "synthetic" }
  | { kind: "replay"; file: string }
  | { kind: "replay-cache" }
  | { kind: "mt5-ws"; url: string }
  | { kind: "mt5-socket"; port: number };

export interface RelayOptions {
  host: string;
  port: number;
  source: SourceSpec;
  /** Symbols to serve; empty: whatever the source has (synthetic: its four sample symbols). */
  symbols: string[];
  /** Replay speed multiplier. */
  speed: number;
  token: string | undefined;
  /** The secret the EA must send as its first line on the mt5-socket port. */
  upstreamToken: string | undefined;
  allowOrigins: string[];
  maxClients: number;
  heartbeatMs: number;
  /** Ticks kept for resume and slow clients. */
  ringCapacity: number;
  /** Seed of the synthetic generator. */
  seed: number;
  /** The local cache `replay:cache` reads (relative to the working directory). */
  dataDir: string;
}

const count = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .min(min, `at least ${min}`)
    .max(max, `at most ${max}`);
const port = count("a port number", 0, 65_535);
const list = z.string().transform((text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** Each flag, its environment variable, its schema and its default. Help text lives in the README. */
const FLAGS = {
  host: { env: "PIPSCOPE_RELAY_HOST", schema: z.string().min(1), fallback: "127.0.0.1" },
  port: { env: "PIPSCOPE_RELAY_PORT", schema: port, fallback: "8765" },
  source: { env: "PIPSCOPE_RELAY_SOURCE", schema: z.string().transform(parseSource), fallback: "synthetic" },
  symbols: { env: "PIPSCOPE_RELAY_SYMBOLS", schema: list.pipe(z.array(symbolSchema)), fallback: "" },
  speed: {
    env: "PIPSCOPE_RELAY_SPEED",
    schema: z.coerce.number({ error: "expected a number" }).positive("the speed must be above 0").max(1_000_000),
    fallback: "1",
  },
  token: { env: "PIPSCOPE_RELAY_TOKEN", schema: z.string().min(1).max(512), fallback: undefined },
  // The EA writes its JSON by joining strings, so the token must need no escaping.
  "upstream-token": {
    env: "PIPSCOPE_RELAY_UPSTREAM_TOKEN",
    schema: z
      .string()
      .regex(/^[!#-[\]-~]{1,512}$/, "1–512 printable ASCII characters without spaces, quotes or backslashes"),
    fallback: undefined,
  },
  "allow-origin": { env: "PIPSCOPE_RELAY_ALLOW_ORIGIN", schema: list, fallback: LOOPBACK_ORIGINS.join(",") },
  "max-clients": {
    env: "PIPSCOPE_RELAY_MAX_CLIENTS",
    schema: count("a number of clients", 1, 10_000),
    fallback: "10",
  },
  "heartbeat-ms": {
    env: "PIPSCOPE_RELAY_HEARTBEAT_MS",
    schema: count("milliseconds", 100, 3_600_000),
    fallback: "15000",
  },
  ring: { env: "PIPSCOPE_RELAY_RING", schema: count("a number of ticks", 1000, 10_000_000), fallback: "100000" },
  seed: { env: "PIPSCOPE_RELAY_SEED", schema: count("an integer", -(2 ** 31), 2 ** 31 - 1), fallback: "1" },
  "data-dir": { env: "PIPSCOPE_RELAY_DATA_DIR", schema: z.string().min(1), fallback: ".pipscope" },
} as const;
type Flag = keyof typeof FLAGS;

function badOption(flag: string, message: string): PipscopeError {
  return new PipscopeError("RELAY_BAD_OPTION", message, { field: `--${flag}` });
}

/** Reads `--source`: synthetic | replay:cache | replay:<file> | mt5-ws:<ws url> | mt5-socket:<port>. */
export function parseSource(text: string): SourceSpec {
  if (text === "synthetic") return { kind: "synthetic" };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  if (kind === "replay" && rest === "cache") return { kind: "replay-cache" };
  if (kind === "replay" && rest) return { kind, file: rest };
  if (kind === "mt5-ws" && /^wss?:\/\/./.test(rest)) return { kind, url: rest };
  if (kind === "mt5-socket" && port.safeParse(rest).success && rest !== "") return { kind, port: Number(rest) };
  throw badOption(
    "source",
    `'${text}' is not a source: use synthetic, replay:<file>, replay:cache, mt5-ws:<ws://host:port/path> or mt5-socket:<port>`,
  );
}

/**
 * The relay's options from command-line flags (`--port 9000` or `--port=9000`), then environment
 * variables (PIPSCOPE_RELAY_PORT…), then defaults.
 * @throws PipscopeError `RELAY_BAD_OPTION` naming the flag.
 */
export function parseRelayOptions(args: readonly string[], env: NodeJS.ProcessEnv = {}): RelayOptions {
  const given = new Map<Flag, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw badOption(arg, `unexpected argument '${arg}'; flags look like --port 8765`);
    const name = match[1];
    if (!Object.hasOwn(FLAGS, name)) {
      throw badOption(
        name,
        `unknown flag --${name}; the relay takes ${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(", ")}`,
      );
    }
    const value = match[2] ?? args[++i];
    if (value === undefined) throw badOption(name, `--${name} needs a value`);
    given.set(name as Flag, value);
  }
  const read = <F extends Flag>(flag: F): z.output<(typeof FLAGS)[F]["schema"]> | undefined => {
    const spec = FLAGS[flag];
    const text = given.get(flag) ?? env[spec.env] ?? spec.fallback;
    if (text === undefined) return undefined;
    const parsed = spec.schema.safeParse(text);
    if (!parsed.success) {
      const cause = parsed.error.issues[0];
      const from = given.has(flag) ? "" : ` (from ${spec.env})`;
      throw badOption(flag, `'${text}'${from} is not valid: ${cause.message}`);
    }
    return parsed.data as z.output<(typeof FLAGS)[F]["schema"]>;
  };
  // parseSource throws its own RELAY_BAD_OPTION from inside the transform; zod lets it through.
  const source = read("source") as SourceSpec;
  const upstreamToken = read("upstream-token");
  if (upstreamToken !== undefined && source.kind !== "mt5-socket") {
    throw badOption("upstream-token", "--upstream-token guards the EA's port: use it with --source mt5-socket:<port>");
  }
  return {
    host: read("host") as string,
    port: read("port") as number,
    source,
    symbols: read("symbols") as string[],
    speed: read("speed") as number,
    token: read("token"),
    upstreamToken,
    allowOrigins: read("allow-origin") as string[],
    maxClients: read("max-clients") as number,
    heartbeatMs: read("heartbeat-ms") as number,
    ringCapacity: read("ring") as number,
    seed: read("seed") as number,
    dataDir: read("data-dir") as string,
  };
}
