import { Show } from "solid-js";
import { download } from "../results/report.tsx";
import { type BotsState, errorText } from "./bots-state.ts";

/** Import a bots file (all or nothing, errors name the JSON path), export the team, add the examples. */
export function BotFilesCard(props: { state: BotsState; onNew: () => void }) {
  return (
    <section class="card" aria-labelledby="bot-files-title">
      <h2 id="bot-files-title">Team</h2>
      <p class="muted small">
        A bots file holds one bot or {'{"bots": [...]}'}; the CLI reads the same files (
        <code>pipscope bots list bots.json</code>).
      </p>
      <div class="form-actions">
        <button type="button" class="primary" onClick={() => props.onNew()}>
          New bot
        </button>
        <button type="button" onClick={() => void props.state.addExamples()}>
          Add examples
        </button>
        <button
          type="button"
          onClick={async () => download("bots.json", "application/json", await props.state.exportText())}
        >
          Export bots.json
        </button>
        <label class="file-button">
          Import bots file
          <input
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              if (file)
                void props.state.importFile(file).then(() => {
                  input.value = "";
                });
            }}
          />
        </label>
      </div>
      <Show when={props.state.notice()}>
        {(notice) => (
          <div role="status" class="bot-notice">
            <p>{notice().text}</p>
            <Show when={notice().error}>{(error) => <p class="error">{errorText(error())}</p>}</Show>
          </div>
        )}
      </Show>
      <Show when={props.state.invalid()}>
        <p class="error">
          {props.state.invalid()} stored bot(s) no longer pass the schema and are hidden; re-import them from a file.
        </p>
      </Show>
    </section>
  );
}
