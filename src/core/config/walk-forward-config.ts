import { z } from "zod";
import { MAX_BACKTEST_DAYS } from "./date-span.ts";

/** The four variants (SPEC §5), in the order they are compared. */
export const VARIANTS = ["vanilla", "spiced", "vanilla_full", "spiced_full"] as const;
export type VariantName = (typeof VARIANTS)[number];

const searchSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("grid") }),
  z.strictObject({
    kind: z.literal("random"),
    samples: z.number().int().min(1).max(100_000),
    seed: z.number().int().default(1),
  }),
]);

/**
 * The session config's `walk_forward` field: how the `*_full` variants cut the range into
 * in-sample and out-of-sample windows and what the sweep engine optimises on each in-sample one.
 */
export const walkForwardConfigSchema = z
  .strictObject({
    mode: z
      .enum(["rolling", "anchored"])
      .default("rolling")
      .describe("rolling: in-sample windows of a fixed length; anchored: every in-sample window starts at start_date."),
    // At least a day each, so a range never cuts into millions of windows.
    in_sample_days: z
      .number()
      .min(1)
      .max(MAX_BACKTEST_DAYS)
      .describe("In-sample (optimisation) window, calendar days."),
    out_of_sample_days: z
      .number()
      .min(1)
      .max(MAX_BACKTEST_DAYS)
      .describe("Out-of-sample (test) window, calendar days; also the step from one window to the next."),
    parameters: z
      .array(z.string().min(1))
      .min(1)
      .describe('Parameters to optimise, as for `pipscope sweep --param`: "fast=5:50:5", "kind=SMA,EMA".'),
    constraints: z.array(z.string().min(1)).default([]).describe('Boolean expressions, e.g. "fast < slow".'),
    objective: z
      .string()
      .min(1)
      .default("sharpe")
      .describe("A sweep metric (sharpe, net_profit, profit_factor, max_drawdown, …) or an expression over them."),
    search: searchSchema.default({ kind: "grid" }),
  })
  .describe("Walk-forward optimisation for the vanilla_full and spiced_full variants.");

/** The variants a comparison runs (`--variants all`, the Compare page); default all four. */
export const variantsConfigSchema = z
  .array(z.enum(VARIANTS))
  .min(1)
  .refine((list) => new Set(list).size === list.length, { message: "a variant is listed twice" })
  .describe("Variants to compare side by side (the Compare page, `pipscope backtest --variants all`).");

export type WalkForwardConfig = z.infer<typeof walkForwardConfigSchema>;
