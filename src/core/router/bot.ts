import { z } from "zod";
import { describeIssue, jsonPath, parseJson } from "../config/json-text.ts";
import { PipscopeError } from "../errors.ts";
import { resolveParams } from "../strategy/params.ts";
import { strategyById } from "../strategy/registry.ts";
import { checkZone } from "../time/zone-offsets.ts";
import type { Regime } from "./regime.ts";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Trading sessions a bot can prefer (SPEC §4 default ids). */
export const BOT_SESSIONS = ["SYDNEY", "ASIAN", "LONDON", "NEW_YORK"] as const;
/** Regimes a bot can prefer (every label but UNKNOWN). */
export const BOT_REGIMES = ["TREND_UP", "TREND_DOWN", "RANGE", "HIGH_VOL"] as const satisfies readonly Regime[];

/** A local time window [start, end) in `timezone`; end before start crosses midnight. */
export const timeWindowSchema = z.strictObject({
  start: z.string().regex(HH_MM, "a local time HH:MM"),
  end: z.string().regex(HH_MM, "a local time HH:MM"),
  timezone: z
    .string()
    .min(1)
    .refine(
      (zone) => {
        try {
          checkZone(zone);
          return true;
        } catch {
          return false;
        }
      },
      { message: "not an IANA time zone (e.g. Europe/London, America/New_York, UTC)" },
    ),
  /** ISO weekdays (1 Monday … 7 Sunday) of the window's start; every day when omitted. */
  days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
});
export type TimeWindow = z.infer<typeof timeWindowSchema>;

/** Circuit breaker: trading stops after too large a daily loss or too many losses in a row. */
export const circuitBreakerSchema = z.strictObject({
  /** Loss on one FX day, % of the balance at its start, that stops the bot until the next day. */
  max_daily_loss_pct: z.number().positive().max(100).default(3),
  /** Losing trades in a row that stop the bot for the cool-down. */
  max_consecutive_losses: z.number().int().min(1).default(3),
  /** Minutes the bot sits out after a losing streak. */
  cooldown_minutes: z.number().int().min(0).default(1440),
});
export type CircuitBreakerRule = z.infer<typeof circuitBreakerSchema>;

const tag = z.string().regex(/^@?[A-Za-z0-9][\w-]{0,31}$/, "a tag like @primal or breakout (letters, digits, - and _)");

/** What a bot wants and may do: where it trades, how much it risks, when it stops (SPEC §5). */
export const manifestSchema = z.strictObject({
  name: z.string().min(1).max(80),
  tags: z.array(tag).max(16).default([]),
  /** Sessions it trades in (any of them open); empty: any time the market is open. */
  sessions: z.array(z.enum(BOT_SESSIONS)).default([]),
  /** Local time windows it trades in (any of them); empty: no time restriction. */
  time_windows: z.array(timeWindowSchema).max(8).default([]),
  /** Regimes it trades in; empty: every regime. */
  regimes: z.array(z.enum(BOT_REGIMES)).default([]),
  /** Most of equity risked on one trade, in %. */
  max_risk_per_trade_pct: z.number().positive().max(10).default(1),
  /** Share of the full Kelly fraction used at most (0.25 = quarter Kelly). */
  kelly_cap: z.number().positive().max(1).default(0.25),
  /** Sit out news kill zones. */
  avoid_news: z.boolean().default(true),
  circuit_breaker: circuitBreakerSchema.default({
    max_daily_loss_pct: 3,
    max_consecutive_losses: 3,
    cooldown_minutes: 1440,
  }),
});
export type BotManifest = z.infer<typeof manifestSchema>;

/** A bot: a strategy, its parameters and its manifest. `id` is its key in storage and files. */
export const botSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "an id of lower-case letters, digits, - and _"),
  enabled: z.boolean().default(true),
  strategy: z.strictObject({
    id: z.string().min(1),
    parameters: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
    source: z.string().optional().describe("A user strategy's TypeScript or JavaScript source."),
  }),
  manifest: manifestSchema,
});
export type Bot = z.infer<typeof botSchema>;
export type BotInput = z.input<typeof botSchema>;

/** A bots file: one bot, or `{ "bots": [...] }` as `exportBots` writes it. */
const botsFileSchema = z.union([z.strictObject({ bots: z.array(z.unknown()) }), z.object({ id: z.unknown() })]);

/**
 * Validates one bot (from storage, a form or a file): the schema, then a built-in strategy's
 * parameters (defaults filled). An error names the JSON path, e.g.
 * `$.manifest.time_windows[0].timezone: not an IANA time zone …`; `prefix` places it in a file.
 */
export function parseBot(data: unknown, file = "bot", prefix = "$"): Bot {
  const parsed = botSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = prefix + jsonPath(issue.path).slice(1);
    throw new PipscopeError("BOT_INVALID", `${path}: ${describeIssue(issue)}`, { file, path });
  }
  const bot = parsed.data;
  if (bot.strategy.source === undefined) {
    try {
      bot.strategy.parameters = resolveParams(
        bot.strategy.id,
        strategyById(bot.strategy.id).params,
        bot.strategy.parameters,
      );
    } catch (error) {
      if (!(error instanceof PipscopeError)) throw error;
      const path = prefix + (error.where?.path ?? "$.strategy").slice(1);
      throw new PipscopeError("BOT_INVALID", `${path}: ${error.message}`, { file, path });
    }
  }
  return bot;
}

/**
 * Validates a list of bots (a file's `bots`, a config's `router.bots`) placed at `prefix`
 * (`$.bots`): every bot is checked, ids must be unique.
 */
export function parseBots(list: readonly unknown[], file: string, prefix: string): Bot[] {
  const bots = list.map((b, i) => parseBot(b, file, `${prefix}[${i}]`));
  const seen = new Set<string>();
  bots.forEach((bot, i) => {
    if (seen.has(bot.id)) {
      const path = `${prefix}[${i}].id`;
      throw new PipscopeError("BOT_DUPLICATE", `${path}: bot id '${bot.id}' appears twice`, { file, path });
    }
    seen.add(bot.id);
  });
  return bots;
}

/**
 * Reads a bots file (JSON text): one bot or `{ "bots": [...] }`. Every bot is checked; ids must
 * be unique. A syntax error names line and column, a schema error the JSON path.
 */
export function importBots(text: string, file: string): Bot[] {
  const data = parseJson(text, file);
  const shape = botsFileSchema.safeParse(data);
  if (!shape.success)
    throw new PipscopeError("BOT_INVALID", `$: expected a bot or {"bots": [...]}`, { file, path: "$" });
  return "bots" in shape.data ? parseBots(shape.data.bots, file, "$.bots") : [parseBot(data, file)];
}

/** Bots as a file `importBots` reads back: `{ "bots": [...] }`, pretty-printed. */
export function exportBots(bots: readonly Bot[]): string {
  return `${JSON.stringify({ bots }, null, 2)}\n`;
}
