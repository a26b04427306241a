/**
 * The service worker (bundled to sw.js, scope = the folder the app is served from, /ik/): keeps
 * the app shell in a cache named after the build, so a key opened once opens again with no
 * signal. Key data and credentials live in IndexedDB (the page caches them); API calls always go
 * to the network and are never cached here.
 */
import { systemClock, type Clock } from '@keyrig/protocol';

/** The worker's one clock (its deadlines are wall time). */
const clock: Clock = systemClock;

// The DOM library has no service worker types; these are the few this file uses.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
}

declare const __KEYRIG_BUILD_ID__: string;
const sw = self as unknown as ServiceWorkerScope;
const CACHE = `keyrig-app-${__KEYRIG_BUILD_ID__}`;
/** How long a navigation waits for the network before the cached shell is used. */
const NETWORK_GRACE_MS = 3000;
/** The app shell, relative to the scope. */
const SHELL = ['index.html', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg'];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.map((p) => new URL(p, sw.registration.scope).href));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('keyrig-app-') && name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const scope = new URL(sw.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;

  if (request.mode === 'navigate') {
    // Every page in scope is the app (the key secret is in the path): network first so a new
    // build shows up, the cached shell when there is no signal.
    event.respondWith(
      (async () => {
        try {
          // A weak signal (an elevator bank) must not keep the key from opening: give the network
          // a few seconds, then use the cached shell.
          const response = await clock.timeout(fetch(request), NETWORK_GRACE_MS, 'the network');
          // A 404 is the cloud's answer (a mistyped link gets its page in words), not a lack of signal.
          if (response.ok || response.status === 404) return response;
          throw new Error(`HTTP ${response.status}`);
        } catch {
          const cached = await caches.match(new URL('index.html', scope).href, { cacheName: CACHE });
          return cached ?? Response.error();
        }
      })(),
    );
    return;
  }

  const name = url.pathname.slice(scope.pathname.length);
  if (SHELL.includes(name)) {
    event.respondWith(
      (async () => (await caches.match(request, { cacheName: CACHE })) ?? fetch(request))(),
    );
  }
});
