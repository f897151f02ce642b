import { createVirtualizer } from "@tanstack/solid-virtual";
import { createMemo, createSignal, For } from "solid-js";
import type { Trade } from "../../core/engine/orders.ts";
import { formatLots, formatMoney, formatNumber, formatPips, formatPrice } from "../../core/format.ts";

const COLUMNS: Array<[keyof Trade, string]> = [
  ["id", "#"],
  ["side", "Side"],
  ["lots", "Lots"],
  ["entryTime", "Entry"],
  ["entryPrice", "Entry price"],
  ["exitTime", "Exit"],
  ["exitPrice", "Exit price"],
  ["pips", "Pips"],
  ["pnl", "P&L"],
  ["commission", "Comm."],
  ["swap", "Swap"],
  ["mae", "MAE"],
  ["mfe", "MFE"],
  ["session", "Session"],
  ["exitReason", "Exit reason"],
];
const ROW = 26;

/** A trade's cell as traders read it: prices to the instrument's digits, pips to one decimal, money to cents. */
const cell = (trade: Trade, key: keyof Trade, digits: number): string => {
  const value = trade[key];
  switch (key) {
    case "entryTime":
    case "exitTime":
      return new Date(value as number).toISOString().slice(0, 16).replace("T", " ");
    case "entryPrice":
    case "exitPrice":
      return formatPrice(value as number, digits);
    case "lots":
      return formatLots(value as number);
    case "pips":
    case "mae":
    case "mfe":
      return formatPips(value as number);
    case "pnl":
    case "commission":
    case "swap":
      return formatMoney(value as number);
    default:
      return String(value);
  }
};

/** Every trade, sortable by any column (click a header), virtualised for runs with many trades. */
export function TradesTable(props: { trades: Trade[]; digits: number }) {
  let scroller!: HTMLDivElement;
  const [sort, setSort] = createSignal<{ key: keyof Trade; dir: 1 | -1 }>({ key: "id", dir: 1 });
  const rows = createMemo(() => {
    const { key, dir } = sort();
    // null (no stop or target) sorts first.
    const value = (t: Trade) => t[key] ?? Number.NEGATIVE_INFINITY;
    return [...props.trades].sort((a, b) => (value(a) < value(b) ? -dir : value(a) > value(b) ? dir : 0));
  });
  const virtualizer = createVirtualizer({
    get count() {
      return rows().length;
    },
    getScrollElement: () => scroller,
    estimateSize: () => ROW,
    overscan: 10,
  });
  const sortBy = (key: keyof Trade) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }));
  return (
    <section class="card trades" aria-label="Trades">
      <h2>Trades ({formatNumber(props.trades.length)})</h2>
      <div class="trades-grid">
        <div class="trades-row trades-head">
          <For each={COLUMNS}>
            {([key, label]) => (
              <div>
                <button type="button" class="link" onClick={() => sortBy(key)} aria-label={`Sort by ${label}`}>
                  {label}
                  {sort().key === key ? (sort().dir === 1 ? " ▲" : " ▼") : ""}
                </button>
              </div>
            )}
          </For>
        </div>
        <div class="trades-scroll" ref={scroller}>
          <div style={{ height: `${virtualizer.getTotalSize()}px`, position: "relative" }}>
            <For each={virtualizer.getVirtualItems()}>
              {(item) => (
                <div class="trades-row" style={{ transform: `translateY(${item.start}px)` }}>
                  <For each={COLUMNS}>
                    {([key]) => (
                      <div
                        classList={{
                          up: key === "pnl" && rows()[item.index].pnl > 0,
                          down: key === "pnl" && rows()[item.index].pnl < 0,
                        }}
                      >
                        {cell(rows()[item.index], key, props.digits)}
                      </div>
                    )}
                  </For>
                </div>
              )}
            </For>
          </div>
        </div>
      </div>
    </section>
  );
}
