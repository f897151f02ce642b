import { createVirtualizer } from "@tanstack/solid-virtual";
import { createMemo, createSignal, For, Show } from "solid-js";
import type { LogLine } from "./run-state.ts";

const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
const ROW_HEIGHT = 20;

/**
 * The live log: virtualised (smooth at 100k lines), filtered by level and text, and scrolled to
 * the newest line until the user scrolls up; scrolling back to the bottom resumes following.
 */
export function LogPanel(props: { lines: LogLine[]; version: number }) {
  let scroller!: HTMLDivElement;
  const [levels, setLevels] = createSignal<Set<string>>(new Set(["INFO", "WARNING", "ERROR"]));
  const [query, setQuery] = createSignal("");
  const [follow, setFollow] = createSignal(true);
  // Indexes of matching lines; recomputed when the filter changes, extended as lines arrive.
  let matched: number[] = [];
  let scanned = 0;
  let filterKey = "";
  const visible = createMemo(() => {
    void props.version;
    const key = `${[...levels()].join()}|${query().toLowerCase()}`;
    if (key !== filterKey || props.lines.length < scanned) {
      filterKey = key;
      matched = [];
      scanned = 0;
    }
    const q = query().toLowerCase();
    const allowed = levels();
    for (; scanned < props.lines.length; scanned++) {
      const line = props.lines[scanned];
      if (allowed.has(line.level) && (!q || line.message.toLowerCase().includes(q))) matched.push(scanned);
    }
    return { rows: matched, count: matched.length, total: props.lines.length };
  });
  const virtualizer = createVirtualizer({
    get count() {
      return visible().count;
    },
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const onScroll = () => setFollow(scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - ROW_HEIGHT);
  createMemo(() => {
    const { count } = visible();
    if (follow() && count > 0) queueMicrotask(() => virtualizer.scrollToIndex(count - 1, { align: "end" }));
  });
  const toggle = (level: string) => {
    const next = new Set(levels());
    if (next.has(level)) next.delete(level);
    else next.add(level);
    setLevels(next);
  };
  return (
    <section class="card log-panel" aria-label="Live log">
      <div class="log-toolbar">
        <For each={LEVELS}>
          {(level) => (
            <label class={`level-toggle level-${level}`}>
              <input type="checkbox" checked={levels().has(level)} onChange={() => toggle(level)} />
              {level}
            </label>
          )}
        </For>
        <input
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <span class="muted log-count">
          <span data-testid="log-count">{visible().count.toLocaleString()}</span> / {visible().total.toLocaleString()}{" "}
          lines
        </span>
        <Show when={!follow()}>
          <button type="button" onClick={() => setFollow(true)}>
            Follow newest
          </button>
        </Show>
      </div>
      <div class="log-scroll" ref={scroller} onScroll={onScroll} data-testid="log-scroll">
        <div style={{ height: `${virtualizer.getTotalSize()}px`, position: "relative" }}>
          <For each={virtualizer.getVirtualItems()}>
            {(item) => {
              const line = () => props.lines[visible().rows[item.index]];
              return (
                <div class={`log-line level-${line()?.level}`} style={{ transform: `translateY(${item.start}px)` }}>
                  <span class="log-time">{line()?.sim_time.slice(0, 19).replace("T", " ")}</span>
                  <span class="log-level">{line()?.level}</span>
                  <span class="log-module">{line()?.module}</span>
                  <span class="log-message" title={line()?.message}>
                    {line()?.message}
                  </span>
                </div>
              );
            }}
          </For>
        </div>
      </div>
    </section>
  );
}
