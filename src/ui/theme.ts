import { createSignal } from "solid-js";

export type Theme = "light" | "dark";

const STORAGE_KEY = "pipscope:theme";

function initialTheme(): Theme {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "light" || stored === "dark") return stored;
  return matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

const [theme, setThemeSignal] = createSignal<Theme>(initialTheme());

/** The current theme; applied as `data-theme` on <html> and kept in localStorage. */
export { theme };

export function setTheme(next: Theme): void {
  localStorage.setItem(STORAGE_KEY, next);
  setThemeSignal(next);
  applyTheme();
}

export function toggleTheme(): void {
  setTheme(theme() === "dark" ? "light" : "dark");
}

/** Puts the theme on the document; call once before the first render to avoid a flash. */
export function applyTheme(): void {
  document.documentElement.dataset.theme = theme();
}
