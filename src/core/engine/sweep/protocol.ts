import { z } from "zod";
import { type SessionConfig, sessionConfigSchema } from "../../config/session-config.ts";
import { instrumentSchema } from "../../data/instruments.ts";
import type { BarColumns, Instrument, TickColumns } from "../../data/types.ts";
import { PipscopeError, type SerializedError } from "../../errors.ts";
import type { ParamValues } from "../../strategy/params.ts";
import { SWEEP_METRICS, type SweepMetrics } from "./objective.ts";
import type { Parity } from "./parity.ts";

/**
 * The sweep pool's job protocol: what the pool (pool.ts) and its workers (worker.ts) say to each
 * other over a Web Worker or worker_threads port. Every message is checked against these schemas
 * on arrival (SPEC §2), on both sides.
 */

/** How combinations run: the vectorised simulator, or the event-driven engine. */
export type SweepMethod = "vectorised" | "engine";

/** One finished combination. */
export interface SweepRow {
  /** Position in the sweep's list of combinations. */
  index: number;
  /** Every parameter of the strategy (varied and fixed). */
  params: ParamValues;
  /** How it ran: a vectorised sweep runs a combination in the engine when the simulator cannot. */
  method: SweepMethod;
  /** Null when the run failed (then `error` says why). */
  metrics: SweepMetrics | null;
  error?: string;
  /** Wall time of this combination, ms. */
  ms: number;
}

/** A run's data, loaded once by the pool and handed to every worker (shared memory where possible). */
export type RunData =
  | { kind: "bars"; rows: BarColumns; startIndex: number; label?: string; finer?: BarColumns }
  | { kind: "ticks"; rows: TickColumns; startIndex: number; label?: string };

export type ToWorker =
  /** Load a run: its session config (checked again on arrival), the instrument it resolved to, and the data. */
  | { type: "init"; config: SessionConfig; instrument: Instrument; data: RunData }
  /** Compare the engine and the simulator on the first candidate the simulator can run. */
  | { type: "probe"; candidates: ParamValues[] }
  /** Run these combinations, posting a `result` for each as it finishes, then `chunk_done`. */
  | { type: "run"; chunk: number; method: SweepMethod; jobs: { index: number; params: ParamValues }[] };

export type FromWorker =
  | { type: "ready"; backend: "wasm" | "twin"; fallback?: string }
  /** Null when no candidate could be simulated (each then runs in the engine anyway). */
  | { type: "probed"; parity: Parity | null }
  | { type: "result"; chunk: number; row: SweepRow }
  | { type: "chunk_done"; chunk: number }
  | { type: "failed"; error: SerializedError };

const f64 = z.instanceof(Float64Array);
const sameLength = (columns: Record<string, unknown>) =>
  Object.values(columns).every((c) => !ArrayBuffer.isView(c) || (c as Float64Array).length === columns.length);
const barsSchema = z
  .object({
    length: z.number().int().min(0),
    time: f64,
    open: f64,
    high: f64,
    low: f64,
    close: f64,
    tickVolume: f64,
    volume: f64,
    spread: f64,
  })
  .refine(sameLength, { message: "every bar column needs `length` rows" });
const ticksSchema = z
  .object({
    length: z.number().int().min(0),
    time: f64,
    bid: f64,
    ask: f64,
    last: f64,
    volume: f64,
    flags: z.instanceof(Int32Array),
  })
  .refine(sameLength, { message: "every tick column needs `length` rows" });
const paramsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));
const metricsSchema = z.object(
  Object.fromEntries(SWEEP_METRICS.map((name) => [name, z.number().nullable()])) as Record<
    keyof SweepMetrics,
    z.ZodNullable<z.ZodNumber>
  >,
);
const methodSchema = z.enum(["vectorised", "engine"]);
const index = z.number().int().min(0);

const toWorkerSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("init"),
    config: sessionConfigSchema,
    instrument: instrumentSchema,
    data: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("bars"),
        rows: barsSchema,
        startIndex: index,
        label: z.string().optional(),
        finer: barsSchema.optional(),
      }),
      z.object({ kind: z.literal("ticks"), rows: ticksSchema, startIndex: index, label: z.string().optional() }),
    ]),
  }),
  z.object({ type: z.literal("probe"), candidates: z.array(paramsSchema).min(1) }),
  z.object({
    type: z.literal("run"),
    chunk: index,
    method: methodSchema,
    jobs: z.array(z.object({ index, params: paramsSchema })),
  }),
]);

const fromWorkerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), backend: z.enum(["wasm", "twin"]), fallback: z.string().optional() }),
  z.object({
    type: z.literal("probed"),
    parity: z.object({ agree: z.boolean(), params: paramsSchema, trades: index, detail: z.string() }).nullable(),
  }),
  z.object({
    type: z.literal("result"),
    chunk: index,
    row: z.object({
      index,
      params: paramsSchema,
      method: methodSchema,
      metrics: metricsSchema.nullable(),
      error: z.string().optional(),
      ms: z.number().min(0),
    }),
  }),
  z.object({ type: z.literal("chunk_done"), chunk: index }),
  z.object({
    type: z.literal("failed"),
    error: z.object({
      code: z.string(),
      message: z.string(),
      where: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      stack: z.string().optional(),
    }),
  }),
]);

function check<T>(schema: z.ZodType<T>, message: unknown, side: string): T {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length ? `$.${issue.path.join(".")}` : "$";
  throw new PipscopeError("SWEEP_BAD_MESSAGE", `${side} got a malformed message at ${path}: ${issue.message}`, {
    path,
  });
}

/** Checks a message arriving at a worker; throws SWEEP_BAD_MESSAGE naming the JSON path. */
export function parseToWorker(message: unknown): ToWorker {
  return check(toWorkerSchema, message, "a sweep worker") as ToWorker;
}

/** Checks a message arriving from a worker; throws SWEEP_BAD_MESSAGE naming the JSON path. */
export function parseFromWorker(message: unknown): FromWorker {
  return check(fromWorkerSchema, message, "the sweep pool") as FromWorker;
}
