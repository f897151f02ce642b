import { createStore } from "solid-js/store";
import { BUILTIN_STRATEGIES } from "../../core/strategy/index.ts";
import { type BacktestForm, paramsOf, toSessionConfig } from "../backtest/form.ts";

/** The Compare page's own settings: walk-forward for the `*_full` variants, kept in localStorage. */
export interface CompareForm {
  mode: "rolling" | "anchored";
  inSampleDays: number;
  outOfSampleDays: number;
  /** One axis per line, as `pipscope sweep --param` takes them: `fast=10:30:10`. */
  parameters: string;
  objective: string;
}

const STORAGE_KEY = "pipscope:compare-form";

/**
 * Axes to start from for a built-in strategy: its first numeric parameter at half, once and one
 * and a half times the form's value (within its bounds). Custom code has no schema here: none.
 */
export function defaultAxes(backtest: BacktestForm): string {
  const definition = BUILTIN_STRATEGIES.find((s) => s.id === backtest.strategy);
  const spec = definition?.params.find((p) => p.type === "int" || p.type === "float");
  if (!spec || (spec.type !== "int" && spec.type !== "float")) return "";
  const value = Number(paramsOf(backtest)[spec.name]);
  const round = (v: number) => (spec.type === "int" ? Math.round(v) : Number(v.toPrecision(6)));
  const values = [
    ...new Set([value * 0.5, value, value * 1.5].map((v) => round(Math.min(spec.max, Math.max(spec.min, v))))),
  ];
  return `${spec.name}=${values.join(",")}`;
}

export const DEFAULT_COMPARE_FORM: CompareForm = {
  mode: "rolling",
  inSampleDays: 60,
  outOfSampleDays: 30,
  parameters: "",
  objective: "sharpe",
};

/** The Backtest page's config with the comparison's additions: all four variants, walk-forward, flat out. */
export function toCompareConfig(backtest: BacktestForm, compare: CompareForm): Record<string, unknown> {
  const base = toSessionConfig(backtest) as { backtest_config: Record<string, unknown> } & Record<string, unknown>;
  const parameters = compare.parameters
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return {
    ...base,
    backtest_config: { ...base.backtest_config, speed_multiplier: 0 },
    variants: ["vanilla", "spiced", "vanilla_full", "spiced_full"],
    ...(parameters.length > 0 && {
      walk_forward: {
        mode: compare.mode,
        in_sample_days: compare.inSampleDays,
        out_of_sample_days: compare.outOfSampleDays,
        parameters,
        objective: compare.objective,
      },
    }),
  };
}

/** The form store, restored from and saved to localStorage; axes default from the Backtest form. */
export function createCompareForm(backtest: BacktestForm) {
  let saved: Partial<CompareForm> = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
  } catch {
    // A corrupt saved form falls back to the defaults.
  }
  const [form, setForm] = createStore<CompareForm>({
    ...DEFAULT_COMPARE_FORM,
    parameters: defaultAxes(backtest),
    ...saved,
  });
  const save = () => localStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  return { form, setForm, save };
}
