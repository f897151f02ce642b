/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// The build injects every shell file and .wasm here; the cached responses keep their
// COOP/COEP headers, so the page stays cross-origin isolated offline.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Routes live in the URL fragment, so every navigation is index.html.
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html")));

// The page asks before a new version takes over ("update available → reload").
self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") void self.skipWaiting();
});
