/**
 * Serves a built web app under /ik/ (the instant key path) and forwards every other request to
 * the cloud, so the page and the API share one origin as they do when the cloud serves the app.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface WebAppServer {
  url: string;
  proxyTo(cloudUrl: string): void;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export async function serveWebApp(dir: string): Promise<WebAppServer> {
  let upstream: URL | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname.startsWith('/ik/')) {
      const name = normalize(url.pathname.slice('/ik/'.length));
      const file = join(dir, name);
      const isAsset = name !== '' && !name.startsWith('..') && existsSync(file) && statSync(file).isFile();
      res.writeHead(200, { 'content-type': types[extname(isAsset ? file : 'x.html')] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      createReadStream(isAsset ? file : join(dir, 'index.html')).pipe(res);
      return;
    }
    if (!upstream) {
      res.writeHead(503).end();
      return;
    }
    const forward = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    proxyTo: (cloudUrl) => {
      upstream = new URL(cloudUrl);
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
