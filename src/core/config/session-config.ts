import { z } from "zod";
import { MS_PER_DAY } from "../units.ts";
import { configInstant, END_MS, END_OF_CONFIG_DATES, isoDate, MAX_BACKTEST_DAYS } from "./date-span.ts";
import { newsConfigSchema } from "./news-config.ts";
import { routerConfigSchema } from "./router-config.ts";
import { VARIANTS, variantsConfigSchema, walkForwardConfigSchema } from "./walk-forward-config.ts";

/** Data streams a run can read: bars of a timeframe, or ticks. */
export const STREAMS = {
  bars_1m: "M1",
  bars_5m: "M5",
  bars_15m: "M15",
  bars_30m: "M30",
  bars_1h: "H1",
  bars_4h: "H4",
  bars_1d: "D1",
  ticks: "ticks",
} as const;
export type StreamName = keyof typeof STREAMS;

const instrumentSchema = z
  .object({
    symbol: z.string().min(1),
    digits: z.number().int().min(0).max(10),
    point: z.number().positive(),
    pip_size: z.number().positive(),
    contract_size: z.number().positive(),
    base_currency: z.string().length(3),
    quote_currency: z.string().length(3),
    margin_rate: z.number().positive().default(1),
    commission_per_lot: z.number().min(0).default(0),
    swap_mode: z.enum(["points", "money_per_lot"]).default("points"),
    swap_long: z.number().default(0),
    swap_short: z.number().default(0),
    exchange_group: z.string().default("FX"),
    asset_class: z.string().default("CURRENCY"),
  })
  .describe("An instrument defined inline, overriding the built-in defaults for its symbol.");

const costsSchema = z
  .strictObject({
    spread: z
      .union([z.literal("bar"), z.number().min(0)])
      .default("bar")
      .describe('"bar": each bar\'s spread column; a number: a fixed spread in points.'),
    extra_spread_points: z.number().min(0).default(0),
    slippage_points: z.number().min(0).default(0),
    commission_per_lot: z.number().min(0).optional().describe("Per lot per side, account currency."),
    commission_percent: z.number().min(0).optional().describe("Of notional per side, in %."),
    swaps: z.boolean().default(true),
  })
  .refine((c) => c.commission_per_lot === undefined || c.commission_percent === undefined, {
    message: "set commission_per_lot or commission_percent, not both",
  });

const sizingSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("fixed"), lots: z.number().positive() }),
  z.strictObject({ mode: z.literal("risk"), percent: z.number().positive().max(100) }),
  z.strictObject({ mode: z.literal("fraction"), fraction: z.number().positive().max(1) }),
]);

const backtestConfigSchema = z
  .strictObject({
    start_date: isoDate,
    end_date: isoDate.optional(),
    backtest_days: z.number().int().positive().max(MAX_BACKTEST_DAYS).optional(),
    speed_multiplier: z.number().min(0).default(0).describe("0 runs as fast as possible; N replays at N× real time."),
    initial_balance: z.number().positive().max(1e12).default(10_000),
    currency: z.string().length(3).default("USD"),
    leverage: z.number().positive().max(10_000).default(100),
    account_mode: z.enum(["hedging", "netting"]).default("hedging"),
    margin_call_level: z.number().min(0).default(100),
    stop_out_level: z.number().min(0).default(50),
    costs: costsSchema.default({ spread: "bar", extra_spread_points: 0, slippage_points: 0, swaps: true }),
    sizing: sizingSchema.default({ mode: "fixed", lots: 0.1 }),
    trade_on_close: z.boolean().default(false),
    close_at_end: z.boolean().default(true),
    on_ruin: z
      .enum(["stop", "continue"])
      .default("stop")
      .describe(
        'When the equity reaches zero, or a flat account can no longer carry the smallest entry: "stop" ends the test there, "continue" goes on refusing what the account cannot carry.',
      ),
    intrabar: z
      .enum(["path", "M1"])
      .default("path")
      .describe('"path": O→L→H→C / O→H→L→C; "M1": resolve with cached M1 bars.'),
    quote_to_account_rate: z.number().positive().optional(),
  })
  .refine((c) => (c.end_date === undefined) !== (c.backtest_days === undefined), {
    message: "give exactly one of end_date and backtest_days",
  })
  .refine(
    (c) => c.backtest_days === undefined || configInstant(c.start_date) + c.backtest_days * MS_PER_DAY <= END_MS,
    {
      message: `the run would end after ${END_OF_CONFIG_DATES}: backtest_days counts calendar days from start_date`,
      path: ["backtest_days"],
    },
  );

const sessionDataSchema = z.strictObject({
  symbols: z.array(z.string().min(1)).min(1),
  streams: z.array(z.enum(Object.keys(STREAMS) as [StreamName, ...StreamName[]])).min(1),
  historical: z
    .strictObject({ bars: z.number().int().min(0).max(1_000_000).default(0) })
    .default({ bars: 0 })
    .describe("Rows of history loaded before start_date so indicators are ready on the first tested bar."),
  instruments: z.array(instrumentSchema).default([]),
  datasets: z
    .record(z.string(), z.string().regex(/^[a-z0-9_-]{1,48}$/, { message: "expected a dataset name like sample" }))
    .default({})
    .describe(
      "Which cached dataset to read each symbol from, by name (sample, recording, or the name of the imported file, as 'pipscope data list' shows). Default: the one that covers the tested range best.",
    ),
});

const strategySchema = z.strictObject({
  id: z.string().min(1),
  parameters: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  source: z.string().optional().describe("A user strategy's TypeScript or JavaScript source."),
});

/** A session config (SPEC §8): names a run completely. The JSON Schema is generated from this. */
export const sessionConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    session_name: z.string().min(1),
    exchange_group: z.string().default("FX"),
    asset_class: z.string().default("CURRENCY"),
    mode: z.literal("backtest"),
    backtest_config: backtestConfigSchema,
    session_data_config: sessionDataSchema,
    strategy: strategySchema,
    variant: z.enum(VARIANTS).default("vanilla"),
    variants: variantsConfigSchema.optional(),
    walk_forward: walkForwardConfigSchema.optional(),
    sessions_filter: z
      .array(z.enum(["SYDNEY", "ASIAN", "LONDON", "NEW_YORK"]))
      .optional()
      .describe("Only open positions while one of these sessions is active."),
    news: newsConfigSchema.optional(),
    router: routerConfigSchema.optional(),
  })
  .describe("Pipscope session config: one complete backtest run.");

export type SessionConfig = z.infer<typeof sessionConfigSchema>;
export type InstrumentConfig = z.infer<typeof instrumentSchema>;
