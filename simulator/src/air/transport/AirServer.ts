/**
 * Lets hosts in other processes or on other machines join an Air: a TCP or Unix-socket server
 * speaking the hello + H4 protocol of remote.ts (one stream = one controller), and UART
 * attachments that bridge a pty (made by socat) to a controller, for tools that only speak serial
 * (noble/bleno's 'uart' hciDriver with bindParams { uart: { port } }).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { KeyrigError } from '@keyrig/protocol';
import type { VirtualController } from '../controller/VirtualController.js';
import { H4StreamParser } from '../hci/H4StreamParser.js';
import type { Air, AttachOptions } from '../link/Air.js';
import { parseHello } from './remote.js';

export interface ListenOptions {
  /** TCP port (0 = any free port). Ignored when `path` is given. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Unix socket path instead of TCP. */
  readonly path?: string;
}

export interface PtyAttachOptions extends AttachOptions {
  /** Where the pty's slave side appears (a symlink made by socat), e.g. /tmp/keyrig-lock-1. */
  readonly link: string;
  /** socat executable (default "socat"). */
  readonly socat?: string;
}

/** Longest hello line accepted, bytes. */
const MAX_HELLO = 4096;

export class AirServer {
  readonly #servers: Server[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #children = new Set<ChildProcess>();
  readonly #ptys = new Map<string, ChildProcess>();
  #anonymous = 0;
  readonly #logger: Logger | undefined;

  constructor(
    readonly air: Air,
    logger?: Logger,
  ) {
    this.#logger = logger?.child({ component: 'air-server' });
  }

  /** Starts listening; resolves to the address to give clients ("tcp://host:port" or "unix:/path"). */
  listen(options: ListenOptions = {}): Promise<string> {
    const server = createServer((sock) => this.#accept(sock));
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const done = (): void => {
        server.off('error', reject);
        const addr = server.address();
        if (typeof addr === 'string') resolve(`unix:${addr}`);
        else if (addr) resolve(`tcp://${addr.address}:${addr.port}`);
        else reject(new KeyrigError('io', 'server has no address'));
      };
      if (options.path) server.listen(options.path, done);
      else server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done);
    });
  }

  #accept(sock: Socket): void {
    this.#sockets.add(sock);
    sock.setNoDelay(true);
    let controller: VirtualController | undefined;
    let head = Buffer.alloc(0);
    const parser = new H4StreamParser({
      packet: (p) => controller?.receiveFromHost(p),
      garbage: (bytes, reason) => this.#logger?.warn({ reason, bytes: bytes.length }, 'garbage on an air stream skipped'),
    });
    const start = (options: AttachOptions): void => {
      controller = this.air.createController(options);
      // The controller removed from the air (a fault, a test): the remote host sees its device go.
      controller.connectHost(
        (p) => {
          if (!sock.destroyed) sock.write(p);
        },
        () => sock.destroy(),
      );
      this.#logger?.info({ name: options.name, remote: sock.remoteAddress ?? 'unix' }, 'host joined the air');
    };
    const fail = (err: unknown): void => {
      this.#logger?.warn({ err }, 'air stream refused');
      sock.destroy();
    };
    sock.on('data', (chunk: Buffer) => {
      if (controller) {
        parser.push(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      try {
        if (head[0] === 0x7b) {
          const nl = head.indexOf(0x0a);
          if (nl < 0) {
            if (head.length > MAX_HELLO) throw new KeyrigError('malformed', 'air hello line too long');
            return;
          }
          start(parseHello(head.subarray(0, nl).toString('utf8')));
          parser.push(head.subarray(nl + 1));
        } else {
          start({ name: `peer-${++this.#anonymous}` });
          parser.push(head);
        }
      } catch (err) {
        fail(err);
      }
    });
    sock.on('error', (err) => this.#logger?.debug({ err }, 'air stream error'));
    sock.on('close', () => {
      this.#sockets.delete(sock);
      if (controller && !this.air.closed) this.air.removeController(controller.name);
    });
  }

  /**
   * Creates a pty at options.link (via `socat pty,raw,echo=0,link=… STDIO`) whose other end is a
   * controller on the air. Resolves once the link exists.
   */
  async attachPty(options: PtyAttachOptions): Promise<VirtualController> {
    const { link, socat = 'socat', ...attach } = options;
    const child = spawn(socat, ['-b', '65536', `pty,raw,echo=0,link=${link}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#children.add(child);
    this.#ptys.set(attach.name, child);
    const controller = this.air.createController(attach);
    const parser = new H4StreamParser({
      packet: (p) => controller.receiveFromHost(p),
      garbage: (bytes, reason) => this.#logger?.warn({ reason, bytes: bytes.length }, 'garbage on a UART skipped'),
    });
    child.stdout!.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stdin!.on('error', () => {});
    controller.connectHost((p) => {
      if (child.stdin!.writable) child.stdin!.write(p);
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      this.#children.delete(child);
      if (this.#ptys.get(attach.name) === child) this.#ptys.delete(attach.name);
      // The UART goes away (socat gone): its host's port closes; the controller leaves the air.
      if (!this.air.closed) this.#logger?.warn({ name: controller.name, link, code, signal }, 'UART peer (socat) exited: controller removed');
      if (!this.air.closed) this.air.removeController(controller.name);
    });
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('error', () => resolve(false));
      const check = (n: number): void => {
        if (existsSync(link)) resolve(true);
        else if (n <= 0 || child.exitCode !== null) resolve(false);
        else setTimeout(() => check(n - 1), 20);
      };
      check(250);
    });
    if (!spawned) {
      child.kill();
      throw new KeyrigError('io', `could not create a pty at ${link} with ${socat}: ${stderr.trim() || 'is socat installed?'}`);
    }
    this.#logger?.info({ name: controller.name, link }, 'UART attached');
    return controller;
  }

  /** The socat process behind a pty attachment (tests kill it: a UART that goes away). */
  ptyPid(name: string): number | undefined {
    return this.#ptys.get(name)?.pid;
  }

  /** Closes listeners, drops remote hosts, stops socat children. The air stays open. */
  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    for (const c of this.#children) c.kill();
    await Promise.all(
      this.#servers.map((s) => new Promise<void>((r) => s.close(() => r()))),
    );
    await Promise.all(
      [...this.#children].map((c) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())))),
    );
    this.#servers.length = 0;
  }
}
