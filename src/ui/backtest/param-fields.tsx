import { For, Match, Switch } from "solid-js";
import type { ParamSpec, ParamValues } from "../../core/strategy/params.ts";

/** A form field per strategy parameter, generated from its schema. */
export function ParamFields(props: {
  specs: readonly ParamSpec[];
  values: ParamValues;
  onChange: (name: string, value: number | boolean | string) => void;
}) {
  return (
    <For each={props.specs}>
      {(spec) => (
        <label class="field">
          <span>{spec.label}</span>
          <Switch>
            <Match when={spec.type === "bool"}>
              <input
                type="checkbox"
                name={spec.name}
                checked={Boolean(props.values[spec.name])}
                onChange={(e) => props.onChange(spec.name, e.currentTarget.checked)}
              />
            </Match>
            <Match when={spec.type === "enum" && spec}>
              {(enumSpec) => (
                <select
                  name={spec.name}
                  value={String(props.values[spec.name])}
                  onChange={(e) => props.onChange(spec.name, e.currentTarget.value)}
                >
                  <For each={(enumSpec() as Extract<ParamSpec, { type: "enum" }>).options}>
                    {(option) => <option value={option}>{option}</option>}
                  </For>
                </select>
              )}
            </Match>
            <Match when={spec.type === "int" || spec.type === "float"}>
              <input
                type="number"
                name={spec.name}
                value={Number(props.values[spec.name])}
                min={(spec as { min: number }).min}
                max={(spec as { max: number }).max}
                step={(spec as { step: number }).step}
                onChange={(e) => props.onChange(spec.name, e.currentTarget.valueAsNumber)}
              />
            </Match>
          </Switch>
        </label>
      )}
    </For>
  );
}
