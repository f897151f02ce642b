import { createSignal, onCleanup, Show } from "solid-js";

/** Chromium's install event (not in the DOM typings): `prompt()` shows the browser's install dialog. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

/**
 * "Install Pipscope", shown only when the browser says the app can be installed (it fires
 * `beforeinstallprompt` once the manifest and service worker meet its criteria) and gone once
 * it is installed.
 */
export function InstallButton() {
  const [offer, setOffer] = createSignal<BeforeInstallPromptEvent>();
  const onOffer = (event: Event) => {
    event.preventDefault(); // no mini-infobar: the button is the offer
    setOffer(event as BeforeInstallPromptEvent);
  };
  const onInstalled = () => setOffer(undefined);
  window.addEventListener("beforeinstallprompt", onOffer);
  window.addEventListener("appinstalled", onInstalled);
  onCleanup(() => {
    window.removeEventListener("beforeinstallprompt", onOffer);
    window.removeEventListener("appinstalled", onInstalled);
  });
  const install = async () => {
    const event = offer();
    if (!event) return;
    // An offer can be used once; the browser makes a new one if the user dismisses the dialog.
    setOffer(undefined);
    await event.prompt();
  };
  return (
    <Show when={offer()}>
      <button type="button" class="theme-toggle" onClick={install}>
        ⤓ Install Pipscope
      </button>
    </Show>
  );
}
