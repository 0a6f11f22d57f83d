// Service worker of the staff app: caches the shell (style, script, icon) so the app opens
// fast and installs to the home screen.  Pages and events are never cached: a stale list
// of requests is worse than the offline banner.
const CACHE = "staff-shell-__VERSION__";
const SHELL = ["/static/staff.css", "/static/staff.js", "/static/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) =>
    Promise.all(keys.filter((k) => k.startsWith("staff-shell-") && k !== CACHE).map((k) => caches.delete(k)))));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) {
    return;  // the network, as if there were no worker
  }
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});
