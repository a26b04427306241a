/**
 * An HTTP proxy in front of the cloud that records every exchange as it went over the wire, so
 * the matrix test validates exactly what each SDK received (not what the SDK made of it). The
 * flow marks its steps with `GET /__matrix/step?name=…` (answered here, never forwarded); each
 * exchange is filed under the step marked last. Real HTTP on a random port, both sides.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  step: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  requestContentType: string | undefined;
  requestBody: string;
  status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  responseBody: unknown;
  responseContentType: string | null;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept-encoding']);

function forwardHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return out;
}

/** Starts a proxy to `target` (the cloud's URL) on 127.0.0.1, a random port. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  let step = '(before the first step)';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://proxy.invalid');
        if (url.pathname === '/__matrix/step') {
          step = url.searchParams.get('name') ?? '?';
          res.writeHead(204).end();
          return;
        }
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        const upstream = await fetch(`${target}${url.pathname}${url.search}`, {
          method,
          headers: forwardHeaders(req.headers),
          body: method === 'GET' || method === 'HEAD' ? undefined : body,
          redirect: 'manual',
        });
        const text = await upstream.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON: kept as text */
        }
        exchanges.push({
          step, method, path: url.pathname, query: url.search,
          requestContentType: req.headers['content-type'], requestBody: body.toString('utf8'),
          status: upstream.status, responseBody: parsed, responseContentType: upstream.headers.get('content-type'),
        });
        const headers: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') headers[k] = v;
        });
        res.writeHead(upstream.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
      })().catch((err: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`recording proxy: ${String(err)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
