import { createStore } from "solid-js/store";
import { BUILTIN_STRATEGIES } from "../../core/strategy/index.ts";
import type { ParamValues } from "../../core/strategy/params.ts";

/** The Backtest page's form: everything a session config needs, kept in localStorage. */
export interface BacktestForm {
  name: string;
  /** A built-in's id, or "custom" for `code`. */
  strategy: string;
  /** The user's own strategy (TypeScript or JavaScript), run when `strategy` is "custom". */
  code: string;
  params: Record<string, ParamValues>;
  symbol: string;
  stream: string;
  /** The dataset chosen for each symbol (by name); none: the one covering the dates best. */
  datasets: Record<string, string>;
  start: string;
  end: string;
  warmup: number;
  balance: number;
  currency: string;
  leverage: number;
  accountMode: "hedging" | "netting";
  spread: "bar" | "fixed";
  spreadPoints: number;
  commissionPerLot: number;
  slippage: number;
  sizing: "fixed" | "risk" | "fraction";
  lots: number;
  riskPercent: number;
  fraction: number;
  tradeOnClose: boolean;
  speed: number;
}

const STORAGE_KEY = "pipscope:backtest-form";

/** What the code editor starts with: a small working strategy to edit. */
export const EXAMPLE_CODE = `import { ema } from "pipscope";

// Long above a rising EMA, flat below it. ctx.log lines appear in the live log.
export default {
  params: [{ name: "period", label: "EMA period", type: "int", default: 50, min: 2, max: 500, step: 1 }],
  init(ctx) {
    this.ema = ctx.series(ema(ctx.bars.close, ctx.params.period));
  },
  onBar(ctx) {
    const above = ctx.close.get(0) > this.ema.get(0);
    if (above && ctx.position.side === 0) {
      ctx.log.info("close above the EMA: buy");
      ctx.buy();
    } else if (!above && ctx.position.side === 1) {
      ctx.closePositions();
    }
  },
};
`;

export const DEFAULT_FORM: BacktestForm = {
  name: "",
  strategy: "ma_cross",
  code: EXAMPLE_CODE,
  params: {},
  symbol: "EURUSD",
  stream: "bars_1h",
  datasets: {},
  start: "2025-01-01",
  end: "2025-06-30",
  warmup: 200,
  balance: 10_000,
  currency: "USD",
  leverage: 100,
  accountMode: "hedging",
  spread: "bar",
  spreadPoints: 10,
  commissionPerLot: 0,
  slippage: 0,
  sizing: "fixed",
  lots: 0.1,
  riskPercent: 1,
  fraction: 0.9999,
  tradeOnClose: false,
  speed: 0,
};

/** Parameter values of `strategy` in the form, defaults filled in. */
export function paramsOf(form: BacktestForm, strategy = form.strategy): ParamValues {
  const definition = BUILTIN_STRATEGIES.find((s) => s.id === strategy);
  const defaults = Object.fromEntries((definition?.params ?? []).map((p) => [p.name, p.default]));
  return { ...defaults, ...(form.params[strategy] ?? {}) };
}

/** The form as a session config (SPEC §8): the same file the CLI runs. */
export function toSessionConfig(form: BacktestForm): object {
  const sizing =
    form.sizing === "fixed"
      ? { mode: "fixed", lots: form.lots }
      : form.sizing === "risk"
        ? { mode: "risk", percent: form.riskPercent }
        : { mode: "fraction", fraction: form.fraction };
  return {
    session_name: form.name || `${form.strategy} ${form.symbol} ${form.stream}`,
    mode: "backtest",
    backtest_config: {
      start_date: form.start,
      end_date: form.end,
      speed_multiplier: form.speed,
      initial_balance: form.balance,
      currency: form.currency,
      leverage: form.leverage,
      account_mode: form.accountMode,
      costs: {
        spread: form.spread === "bar" ? "bar" : form.spreadPoints,
        slippage_points: form.slippage,
        commission_per_lot: form.commissionPerLot,
      },
      sizing,
      trade_on_close: form.tradeOnClose,
    },
    session_data_config: {
      symbols: [form.symbol],
      streams: [form.stream],
      historical: { bars: form.warmup },
      datasets: form.datasets[form.symbol] ? { [form.symbol]: form.datasets[form.symbol] } : {},
    },
    strategy:
      form.strategy === "custom"
        ? { id: "custom", parameters: form.params.custom ?? {}, source: form.code }
        : { id: form.strategy, parameters: paramsOf(form) },
  };
}

/** The form store, restored from and saved to localStorage, so a reload loses nothing. */
export function createBacktestForm() {
  let saved: Partial<BacktestForm> = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
  } catch {
    // A corrupt saved form falls back to the defaults.
  }
  const [form, setForm] = createStore<BacktestForm>({ ...DEFAULT_FORM, ...saved });
  const save = () => localStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  return { form, setForm, save };
}
