import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BtsnoopWriter } from './BtsnoopWriter.js';

describe('BtsnoopWriter', () => {
  it('writes the btsnoop header and records with direction and type flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'btsnoop-'));
    try {
      const w = new BtsnoopWriter(join(dir, 'x.btsnoop'));
      w.write(Buffer.from('01030c00', 'hex'), true, Date.UTC(2026, 0, 1));
      w.write(Buffer.from('0240000100ff', 'hex'), false, Date.UTC(2026, 0, 1) + 1.5);
      w.close();
      const f = readFileSync(join(dir, 'x.btsnoop'));
      expect(f.subarray(0, 16).toString('hex')).toBe('6274736e6f6f7000' + '00000001' + '000003ea');
      // record 1: lengths 4/4, flags 2 (sent, command), drops 0
      expect(f.subarray(16, 32).toString('hex')).toBe('00000004' + '00000004' + '00000002' + '00000000');
      const t1 = f.readBigInt64BE(32);
      const r2 = 16 + 24 + 4;
      expect(f.readUInt32BE(r2 + 8)).toBe(1); // received, data
      expect(f.readBigInt64BE(r2 + 16) - t1).toBe(1500n); // µs
      expect(w.records).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
