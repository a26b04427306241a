/**
 * Serves a built web app folder under /ik/: files by name (index.html, app.js, sw.js…), and
 * index.html for /ik/<secret> (the app reads the secret from location). Only plain file names
 * inside `dir` are served: no sub-folders, no "..", and no source maps (.map is not a served type);
 * anything else is a 404, as a friendly page when a browser asks (a mistyped key link).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstantKeyPageHandler } from './instantKeyPage.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', webmanifest: 'application/manifest+json', svg: 'image/svg+xml', png: 'image/png',
};

export function webAppPage(dir: string): InstantKeyPageHandler {
  return async ({ path, secret, reply, notFound }) => {
    const name = secret !== null || path === '' ? 'index.html' : path;
    const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
    if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(name) || name.includes('..') || ext === undefined || !(ext in TYPES)) {
      return notFound(`no file ${name.slice(0, 60)} in the web app`);
    }
    try {
      const body = await readFile(join(dir, name));
      if (name !== 'index.html') void reply.header('cache-control', 'no-cache'); // the service worker versions the shell
      return reply.type(TYPES[ext]!).send(body);
    } catch {
      return notFound(`no file ${name} in the web app`);
    }
  };
}
