import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import type { Instrument } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import { dataWorker } from "../data-worker.ts";

type Field = Exclude<keyof Instrument, "symbol">;

/** The editable fields, with labels and units; numbers unless `kind` says otherwise. */
const FIELDS: Array<{ key: Field; label: string; kind?: "text" | "swap-mode" }> = [
  { key: "digits", label: "Digits" },
  { key: "point", label: "Point (price step)" },
  { key: "pipSize", label: "Pip size (price)" },
  { key: "contractSize", label: "Contract size (units per lot)" },
  { key: "baseCurrency", label: "Base currency", kind: "text" },
  { key: "quoteCurrency", label: "Quote currency", kind: "text" },
  { key: "marginRate", label: "Margin rate (at leverage 1)" },
  { key: "commissionPerLot", label: "Commission per lot per side" },
  { key: "swapMode", label: "Swap unit", kind: "swap-mode" },
  { key: "swapLong", label: "Swap long (per lot)" },
  { key: "swapShort", label: "Swap short (per lot)" },
  { key: "exchangeGroup", label: "Exchange group (calendar)", kind: "text" },
  { key: "assetClass", label: "Asset class (calendar)", kind: "text" },
];

/** Form values as typed: numbers stay text until saved, so a half-typed "0." is not lost. */
type Draft = Record<keyof Instrument, string>;

const toDraft = (i: Instrument): Draft =>
  Object.fromEntries(Object.entries(i).map(([k, v]) => [k, String(v)])) as Draft;

/** The form as an Instrument; a field that is not a number is named with what was typed. */
function fromDraft(draft: Draft): Instrument {
  const out: Record<string, string | number> = { symbol: draft.symbol.trim().toUpperCase() };
  for (const f of FIELDS) {
    const text = draft[f.key].trim();
    const value = f.kind ? text : text === "" ? Number.NaN : Number(text);
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new PipscopeError("DATA_BAD_INSTRUMENT", `${f.label}: '${text}' is not a number`, { field: f.key });
    }
    out[f.key] = value;
  }
  return out as unknown as Instrument;
}

/**
 * The instruments (issue 5 §8): the built-in specs with the user's edits over them, editable and
 * stored in the cache's catalog (validated by the data worker). Saving under a new symbol adds an
 * instrument.
 */
export function InstrumentsPanel() {
  const [list, { refetch }] = createResource(() => dataWorker().instruments());
  const [symbol, setSymbol] = createSignal("EURUSD");
  const [draft, setDraft] = createSignal<Draft>();
  const [message, setMessage] = createSignal<{ ok: boolean; text: string }>();

  createEffect(() => {
    const found = list()?.find((i) => i.symbol === symbol());
    if (found) setDraft(toDraft(found));
  });

  const save = async () => {
    const current = draft();
    if (!current) return;
    try {
      const instrument = fromDraft(current);
      await dataWorker().saveInstrument(instrument);
      setMessage({ ok: true, text: `Saved ${instrument.symbol}.` });
      await refetch();
      setSymbol(instrument.symbol);
    } catch (error) {
      setMessage({ ok: false, text: error instanceof PipscopeError ? error.describe() : String(error) });
    }
  };

  return (
    <section class="card instruments" aria-labelledby="instruments-title">
      <h2 id="instruments-title">Instruments</h2>
      <label class="field">
        <span>Instrument</span>
        <select
          value={symbol()}
          onChange={(e) => {
            setMessage(undefined);
            setSymbol(e.currentTarget.value);
          }}
        >
          <For each={list()}>
            {(i) => (
              <option value={i.symbol} selected={i.symbol === symbol()}>
                {i.symbol}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={draft()}>
        {(d) => (
          <form
            class="instrument-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <label class="field">
              <span>Save as symbol</span>
              <input value={d().symbol} onInput={(e) => setDraft({ ...d(), symbol: e.currentTarget.value })} />
            </label>
            <For each={FIELDS}>
              {(f) => (
                <label class="field">
                  <span>{f.label}</span>
                  <Show
                    when={f.kind === "swap-mode"}
                    fallback={
                      <input
                        value={d()[f.key]}
                        inputMode={f.kind ? "text" : "decimal"}
                        onInput={(e) => setDraft({ ...d(), [f.key]: e.currentTarget.value })}
                      />
                    }
                  >
                    <select value={d()[f.key]} onChange={(e) => setDraft({ ...d(), [f.key]: e.currentTarget.value })}>
                      <option value="points">points</option>
                      <option value="money_per_lot">money per lot</option>
                    </select>
                  </Show>
                </label>
              )}
            </For>
            <button type="submit">Save instrument</button>
          </form>
        )}
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class={m().ok ? "muted" : "error"} role={m().ok ? "status" : "alert"}>
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
}
