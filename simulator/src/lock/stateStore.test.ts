/**
 * FileStateStore.save is durable across a power loss, not only SIGKILL: the temp file is fsynced
 * before the rename, and the directory after it. The order of the file system calls is the proof
 * (a power cut cannot be staged in a test); the calls themselves go to the real file system.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyrigError } from '@keyrig/protocol';

type Call = { op: string; target: string | number };
const calls: Call[] = [];
/** Makes the next directory fsync fail with this errno code. */
const failDirectoryFsync: { code?: string } = {};
const dirFds = new Set<number>();

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (path: string, flags: string) => {
      const fd = fs.openSync(path, flags);
      if (fs.fstatSync(fd).isDirectory()) dirFds.add(fd);
      calls.push({ op: 'open', target: path });
      return fd;
    },
    writeFileSync: (file: string | number, data: string) => {
      calls.push({ op: 'write', target: file });
      fs.writeFileSync(file, data);
    },
    fsyncSync: (fd: number) => {
      calls.push({ op: dirFds.has(fd) ? 'fsyncDir' : 'fsync', target: fd });
      if (dirFds.has(fd) && failDirectoryFsync.code) {
        throw Object.assign(new Error(`${failDirectoryFsync.code}: fsync`), { code: failDirectoryFsync.code });
      }
      fs.fsyncSync(fd);
    },
    closeSync: (fd: number) => {
      calls.push({ op: 'close', target: fd });
      dirFds.delete(fd);
      fs.closeSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.push({ op: 'rename', target: `${from} -> ${to}` });
      fs.renameSync(from, to);
    },
  };
});

const { FileStateStore } = await import('./stateStore.js');
const { freshLockState } = await import('./persistedState.js');

const rtc = { offsetMs: 0, anchorMs: 0, isSet: true, lastSyncMs: 0 };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyrig-state-'));
  calls.length = 0;
  delete failDirectoryFsync.code;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileStateStore.save', () => {
  it('writes the temp file, fsyncs it, renames, then fsyncs the directory', () => {
    const store = new FileStateStore(dir, 'L1');
    const state = { ...freshLockState('L1', rtc), counters: { boots: 3, grants: 7, denials: 1, invalidStreak: 0, lockoutUntil: 0 } };
    calls.length = 0;
    store.save(state);

    const ops = calls.map((c) => c.op);
    expect(ops).toEqual(['open', 'write', 'fsync', 'close', 'rename', 'open', 'fsyncDir', 'close']);
    const tmp = calls[0]!.target as string;
    expect(tmp.startsWith(`${store.path}.tmp-`)).toBe(true);
    // The bytes fsynced are the ones written through that descriptor, and it is the temp file that is renamed.
    expect(calls[1]!.target).toBe(calls[2]!.target);
    expect(calls[4]!.target).toBe(`${tmp} -> ${store.path}`);
    expect(calls[5]!.target).toBe(dir);
    expect(store.load()).toEqual(state);
    expect(readdirSync(dir)).toEqual(['lock-L1.json']);
  });

  it.each(['EINVAL', 'EISDIR', 'EPERM'])('ignores %s from a directory fsync (platforms without it)', (code) => {
    const store = new FileStateStore(dir, 'L2');
    failDirectoryFsync.code = code;
    store.save(freshLockState('L2', rtc));
    expect(store.load()?.lockId).toBe('L2');
    expect(calls.filter((c) => c.op === 'close')).toHaveLength(2); // the directory descriptor is closed too
  });

  it('throws a typed io error when the directory fsync fails for real (EIO)', () => {
    const store = new FileStateStore(dir, 'L3');
    failDirectoryFsync.code = 'EIO';
    let err: unknown;
    try {
      store.save(freshLockState('L3', rtc));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KeyrigError);
    expect((err as KeyrigError).code).toBe('io');
    expect((err as Error).message).toContain('fsync');
  });
});
