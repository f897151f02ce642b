import { For } from "solid-js";
import type { PageEntry } from "../pages.ts";
import { PageHeader } from "../shell.tsx";

/** A page that is not built yet says so, and says what it will hold. */
export function PlannedPage(props: { page: PageEntry }) {
  return (
    <>
      <PageHeader title={props.page.label} summary={props.page.summary} />
      <section class="card planned" aria-label="Not built yet">
        <h2>Not built yet</h2>
        <p class="muted">This page does nothing yet. When it is built it will offer:</p>
        <ul>
          <For each={props.page.plan ?? []}>{(item) => <li>{item}</li>}</For>
        </ul>
      </section>
    </>
  );
}
