import type { JSX } from "solid-js";

/** A labelled number input of a settings form; `onChange` gets the number typed. */
export function NumberField(props: {
  label: JSX.Element;
  name: string;
  value: number;
  min?: number;
  max?: number;
  step?: number;
  onChange: (value: number) => void;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="number"
        name={props.name}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.valueAsNumber)}
      />
    </label>
  );
}
