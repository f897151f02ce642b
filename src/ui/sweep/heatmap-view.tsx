import { createMemo, createSignal, For, Show } from "solid-js";
import {
  type HeatmapCell,
  type HeatmapMode,
  heatmap,
  type Objective,
  type ParamAxis,
  type ParamValue,
  type SweepRow,
} from "../../core/engine/sweep/index.ts";

const format = (value: number | null) =>
  value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(3);

/**
 * A cell's colour: red (worst) through yellow to green (best) over the map's range, best by the
 * objective's direction; grey when the cell has no run.
 */
function colour(cell: HeatmapCell, min: number, max: number, direction: Objective["direction"]): string {
  if (cell.value === null) return "var(--heatmap-empty)";
  const t = max > min ? (cell.value - min) / (max - min) : 0.5;
  const good = direction === "max" ? t : 1 - t;
  return `hsl(${Math.round(good * 120)} 65% 45%)`;
}

/**
 * The objective over two varied parameters (the sweep has at least two), `cells[y][x]`; the other varied parameters are
 * aggregated by their best or mean value, or held at chosen values. Clicking a cell hands its
 * best run to `onPick` (the panel runs it in full).
 */
export function HeatmapView(props: {
  rows: readonly SweepRow[];
  axes: readonly ParamAxis[];
  objective: Objective;
  onPick: (row: SweepRow) => void;
}) {
  const [xName, setXName] = createSignal(props.axes[0].name);
  const [yName, setYName] = createSignal(props.axes[1].name);
  const [mode, setMode] = createSignal<"best" | "mean" | "fixed">("best");
  const [fixed, setFixed] = createSignal<Record<string, ParamValue>>(
    Object.fromEntries(props.axes.map((a) => [a.name, a.values[0]])),
  );
  const axis = (name: string) => props.axes.find((a) => a.name === name) ?? props.axes[0];
  const others = () => props.axes.filter((a) => a.name !== xName() && a.name !== yName());
  const map = createMemo(() => {
    const how: HeatmapMode = mode() === "fixed" ? { kind: "fixed", values: fixed() } : { kind: mode() as "best" };
    return heatmap(props.rows, props.objective, axis(xName()), axis(yName()), how);
  });

  return (
    <section class="sweep-heatmap" aria-label="Heatmap">
      <div class="sweep-heatmap-controls">
        <label class="field">
          <span>Across (x)</span>
          <select value={xName()} onChange={(e) => setXName(e.currentTarget.value)} aria-label="Heatmap x">
            <For each={props.axes}>{(a) => <option value={a.name}>{a.name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Down (y)</span>
          <select value={yName()} onChange={(e) => setYName(e.currentTarget.value)} aria-label="Heatmap y">
            <For each={props.axes}>{(a) => <option value={a.name}>{a.name}</option>}</For>
          </select>
        </label>
        <Show when={others().length > 0}>
          <label class="field">
            <span>Other parameters</span>
            <select
              value={mode()}
              onChange={(e) => setMode(e.currentTarget.value as "best" | "mean" | "fixed")}
              aria-label="Aggregate the other parameters"
            >
              <option value="best">best</option>
              <option value="mean">mean</option>
              <option value="fixed">fixed at…</option>
            </select>
          </label>
          <Show when={mode() === "fixed"}>
            <For each={others()}>
              {(other) => (
                <label class="field">
                  <span>{other.name}</span>
                  <select
                    value={String(fixed()[other.name])}
                    onChange={(e) => {
                      const chosen = other.values.find((v) => String(v) === e.currentTarget.value) ?? other.values[0];
                      setFixed({ ...fixed(), [other.name]: chosen });
                    }}
                  >
                    <For each={other.values}>{(v) => <option value={String(v)}>{String(v)}</option>}</For>
                  </select>
                </label>
              )}
            </For>
          </Show>
        </Show>
      </div>
      <p class="muted small" id="sweep-heatmap-caption">
        {props.objective.label} ({props.objective.direction === "max" ? "higher" : "lower"} is better) by {yName()}{" "}
        (rows) and {xName()} (columns); click a cell to run it in full
      </p>
      <div class="sweep-heatmap-scroll">
        <table class="sweep-heatmap-grid" data-testid="sweep-heatmap" aria-describedby="sweep-heatmap-caption">
          <thead>
            <tr>
              <th scope="col">
                {yName()} \ {xName()}
              </th>
              <For each={map().x.values}>{(v) => <th scope="col">{String(v)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={map().cells}>
              {(line, yi) => (
                <tr>
                  <th scope="row">{String(map().y.values[yi()])}</th>
                  <For each={line}>
                    {(cell, xi) => {
                      const label = () =>
                        `${xName()} ${String(map().x.values[xi()])}, ${yName()} ${String(map().y.values[yi()])}: ${props.objective.label} ${format(cell.value)}`;
                      return (
                        <td>
                          <button
                            type="button"
                            class="sweep-cell"
                            data-testid="heatmap-cell"
                            disabled={!cell.best}
                            style={{ background: colour(cell, map().min, map().max, props.objective.direction) }}
                            title={label()}
                            aria-label={label()}
                            onClick={() => cell.best && props.onPick(cell.best)}
                          >
                            {cell.value === null ? "" : format(cell.value)}
                          </button>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
