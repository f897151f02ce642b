import { runBacktest } from "./backtest.ts";
import type { VariantRunners } from "./variants.ts";

/**
 * What runs each family of variants, for every host (CLI, backtest worker). `spiced` is the
 * router's portfolio run (core/router/commander.ts, issue 8 point 4): it joins here as
 * `spiced: <its RunVariant>` when it lands; until then `runVariants` reports the spiced variants
 * as unavailable.
 */
export const VARIANT_RUNNERS: VariantRunners = { vanilla: runBacktest };
