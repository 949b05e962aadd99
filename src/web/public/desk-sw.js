// The desk's service worker (served as /petugas/desk-sw.js, scope /petugas/): keeps the desk page
// and its scripts so the desk opens without a connection. The data is not here: desk.js keeps the
// orders and the queue in IndexedDB and talks to the API itself.
const CACHE = 'gelombang-desk-1';
const SCANNER = ['/petugas/scanner/qr-scanner.min.js', '/petugas/scanner/qr-scanner-worker.min.js', '/petugas/scanner/qr-worker.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SCANNER))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page names what it needs (itself, its CSS and script); they are kept for the next offline start.
self.addEventListener('message', (event) => {
  const keep = Array.isArray(event.data?.keep) ? event.data.keep.filter((url) => typeof url === 'string' && url.startsWith('/')) : [];
  // Redirects are not followed: a session that ended meanwhile sends the desk to /masuk, and that
  // login page must neither be kept as the desk nor rendered behind the officer's back (its render
  // gives the browser a new form secret, and the login form the officer is filling in then expires).
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          keep.map((url) => fetch(url, { redirect: 'manual' }).then((response) => (response.ok ? cache.put(url, response) : undefined))),
        ),
      )
      .catch(() => undefined),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (event.request.mode === 'navigate' && url.pathname.startsWith('/petugas/titik/')) {
    // The page fresh when the network answers (and kept), else the kept one.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(event.request, copy));
          }
          return response;
        })
        .catch(() => caches.match(event.request).then((kept) => kept ?? Response.error())),
    );
  } else if (url.pathname.startsWith('/aset/') || url.pathname.startsWith('/petugas/scanner/')) {
    event.respondWith(caches.match(event.request).then((kept) => kept ?? fetch(event.request)));
  }
});
