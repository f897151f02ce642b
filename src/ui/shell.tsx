import { A, useNavigate } from "@solidjs/router";
import { For, type ParentProps } from "solid-js";
import { InstallButton } from "./install-button.tsx";
import { PAGES } from "./pages.ts";
import { createPageShortcuts } from "./shortcuts.ts";
import { theme, toggleTheme } from "./theme.ts";
import { UpdatePrompt } from "./update-prompt.tsx";

/** The frame around every page: brand, navigation, theme toggle and the update prompt. */
export function Shell(props: ParentProps) {
  createPageShortcuts(useNavigate());
  let main!: HTMLElement;
  return (
    <div class="shell">
      <button type="button" class="skip-link" onClick={() => main.focus()}>
        Skip to content
      </button>
      <aside class="sidebar">
        <div class="brand">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Pipscope</span>
        </div>
        <nav aria-label="Pages">
          <ul>
            <For each={PAGES}>
              {(page) => (
                <li>
                  <A
                    href={page.path}
                    end={page.path === "/"}
                    activeClass="active"
                    aria-keyshortcuts={`g ${page.key}`}
                    data-shortcut={`g ${page.key}`}
                  >
                    {page.label}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <div class="sidebar-foot">
          <InstallButton />
          <button
            type="button"
            class="theme-toggle"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme() === "dark" ? "light" : "dark"} theme`}
          >
            {theme() === "dark" ? "☀ Light theme" : "☾ Dark theme"}
          </button>
        </div>
      </aside>
      <div class="content">
        <UpdatePrompt />
        <main id="main" ref={main} tabindex="-1">
          {props.children}
        </main>
      </div>
    </div>
  );
}

/** Title and one-line summary at the top of a page. */
export function PageHeader(props: { title: string; summary: string }) {
  return (
    <header class="page-header">
      <h1>{props.title}</h1>
      <p class="muted">{props.summary}</p>
    </header>
  );
}
