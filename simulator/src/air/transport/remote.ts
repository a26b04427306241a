/**
 * The air server's wire protocol: a client opens a TCP or Unix stream, may send one JSON "hello"
 * line to name itself ({ "name", "position", ... }), then speaks H4 both ways. A client that starts
 * with an H4 packet instead (a UART tool behind socat) gets an anonymous controller. '{' (0x7b) is
 * not an H4 packet indicator, so the two cannot be confused.
 */
import { KeyrigError } from '@keyrig/protocol';
import type { Position } from '../link/pathLoss.js';

export interface RemoteAttachOptions {
  readonly address?: string;
  readonly txPowerDbm?: number;
  readonly aclBuffers?: { readonly length: number; readonly count: number };
  readonly maxDataLength?: number;
}

export interface Hello extends RemoteAttachOptions {
  readonly name: string;
  readonly position?: Position;
}

export function helloLine(h: Hello): string {
  const { name, position, address, txPowerDbm, aclBuffers, maxDataLength } = h;
  return `${JSON.stringify({ name, position, address, txPowerDbm, aclBuffers, maxDataLength })}\n`;
}

export function parseHello(line: string): Hello {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new KeyrigError('malformed', 'air hello is not JSON');
  }
  if (typeof v !== 'object' || v === null || typeof (v as Hello).name !== 'string' || (v as Hello).name === '') {
    throw new KeyrigError('malformed', 'air hello needs a "name"');
  }
  const h = v as Hello;
  const pos = h.position;
  if (pos !== undefined && pos !== null && !(Number.isFinite(pos.x) && Number.isFinite(pos.y) && (pos.z === undefined || Number.isFinite(pos.z)))) {
    throw new KeyrigError('malformed', 'air hello "position" needs finite x and y');
  }
  return { ...h, ...(pos === null ? { position: undefined } : {}) };
}

/** "tcp://host:port", "host:port", ":port" or "unix:/path". */
export function parseAirUrl(url: string): { host: string; port: number; path?: undefined } | { path: string; host?: undefined; port?: undefined } {
  if (url.startsWith('unix:')) return { path: url.slice('unix:'.length) };
  const m = /^(?:tcp:\/\/)?([^:/]*):(\d+)$/.exec(url);
  if (!m) throw new KeyrigError('config', `not an air address: "${url}" (use tcp://host:port or unix:/path)`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}
