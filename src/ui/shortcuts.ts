import { onCleanup } from "solid-js";
import { PAGES } from "./pages.ts";

/** How long after `g` the page key is accepted. */
const CHORD_MS = 1200;

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/**
 * `g` then a page key navigates (GitHub style: `g d` Dashboard, `g b` Backtest…); ignored while
 * typing in a field or with a modifier held. Cleans up with its Solid owner.
 */
export function createPageShortcuts(navigate: (path: string) => void): void {
  let chordUntil = 0;
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === "g") {
      chordUntil = event.timeStamp + CHORD_MS;
      return;
    }
    if (event.timeStamp > chordUntil) return;
    chordUntil = 0;
    const page = PAGES.find((p) => p.key === event.key);
    if (page) {
      event.preventDefault();
      navigate(page.path);
    }
  };
  window.addEventListener("keydown", onKey);
  onCleanup(() => window.removeEventListener("keydown", onKey));
}
