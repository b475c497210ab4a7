// edxview service worker: keeps the app working offline after the first visit.
//
// It caches only the app's own files and answers only same-origin GET requests; it never sends
// anything anywhere. `cargo xtask dist` replaces the precache placeholder below with the list of
// built files and a build identifier, so each build installs a fresh cache.
"use strict";

const BUILD = "__EDXVIEW_BUILD__";
const PRECACHE = "__EDXVIEW_PRECACHE__";
const CACHE_NAME = `edxview-${BUILD}`;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", (event) => {
  const files = Array.isArray(PRECACHE) ? PRECACHE : [];
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll(files.map((file) => new URL(file, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("edxview-") && name !== CACHE_NAME).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  if (request.mode === "navigate") {
    // The page itself: the network first, so a new build arrives; the cached copy offline.
    event.respondWith(
      fetch(request).catch(() => caches.match(new URL("index.html", SCOPE).href, { cacheName: CACHE_NAME })),
    );
    return;
  }
  // Built files carry a content hash in their names, so a cached copy is always current.
  event.respondWith(
    caches.match(request, { cacheName: CACHE_NAME }).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE_NAME).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
