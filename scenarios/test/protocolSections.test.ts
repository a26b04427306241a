/**
 * Every conformance test names the PROTOCOL.md section it checks (issue #18), and that section is
 * a heading of docs/PROTOCOL.md as written (read from the document, not from the code).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_TESTS, PROTOCOL_SECTIONS, protocolSection } from '../src/index.js';

const protocol = readFileSync(fileURLToPath(new URL('../../docs/PROTOCOL.md', import.meta.url)), 'utf8');
const headings = protocol.split('\n').filter((l) => /^#{2,3} §/.test(l)).map((l) => l.replace(/^#+ /, ''));

describe('PROTOCOL.md sections of the conformance tests', () => {
  it('each catalogue test has a section that starts a PROTOCOL.md heading; no stale ids', () => {
    expect(headings.length).toBeGreaterThan(20);
    for (const t of CONFORMANCE_TESTS) {
      const s = PROTOCOL_SECTIONS[t.id];
      expect(s, t.id).toBeDefined();
      expect(headings.some((h) => h.startsWith(s!)), `${t.id}: ${s}`).toBe(true);
    }
    expect(Object.keys(PROTOCOL_SECTIONS).sort()).toEqual(CONFORMANCE_TESTS.map((t) => t.id).sort());
  });

  it('hand-checked: the relay test is §7.5 (its check 1, DEADLINE_EXCEEDED); version selection §7.2; outside ids have none', () => {
    expect(protocolSection('KR/LOCK/AUTH/BI-05-C')).toBe('PROTOCOL.md §7.5 Lock checks of PHONE_AUTH');
    expect(protocol).toMatch(/### §7\.5 Lock checks of PHONE_AUTH[\s\S]*?\| 1 \| arrives within the handshake deadline[^\n]*DEADLINE_EXCEEDED/);
    expect(protocolSection('KR/LOCK/AUTH/BV-02-C')).toBe('PROTOCOL.md §7.2 HELLO and version selection');
    expect(protocolSection('KR/LOCK/NOPE/BV-01-C')).toBeUndefined();
  });
});
