import { useRegisterSW } from "virtual:pwa-register/solid";
import { Show } from "solid-js";

/**
 * Registers the service worker and, when a new version is waiting, offers to reload into it.
 * The new worker takes over only when the user says so, so a run in progress is never cut off.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });
  return (
    <Show when={needRefresh()}>
      <div class="banner" role="alert">
        <span>A new version of Pipscope is ready.</span>
        <button type="button" class="primary" onClick={() => updateServiceWorker(true)}>
          Reload
        </button>
        <button type="button" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </div>
    </Show>
  );
}
