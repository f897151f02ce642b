import { useNavigate } from "@solidjs/router";
import { Show } from "solid-js";
import { AccountPanel } from "./account-panel.tsx";
import { liveSession } from "./live-session.ts";
import { TicksTable } from "./ticks-table.tsx";
import "./live.css";

/**
 * The Dashboard's live panels (SPEC §9): the latest ticks while the relay is connected, and the
 * account when the relay reports one. Nothing while the page is not connected.
 */
export function DashboardLive() {
  const session = liveSession();
  const navigate = useNavigate();
  return (
    <>
      <Show when={session.state().kind === "live"}>
        <TicksTable session={session} selected={undefined} onSelect={() => navigate("/live")} />
      </Show>
      <Show when={session.balance()}>
        <AccountPanel session={session} />
      </Show>
    </>
  );
}
