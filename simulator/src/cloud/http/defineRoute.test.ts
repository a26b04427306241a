import { describe, expect, it } from 'vitest';
import { normalizeQuery } from './defineRoute.js';
import { redactUrl } from './installHttpBehaviour.js';

describe('query strings the Seam SDK sends', () => {
  it('drops _strict and nests dotted names', () => {
    expect(normalizeQuery({ _strict: 'true', user_identity_id: 'u', 'customization.primary_color': '#000000', ids: ['a', 'b'] })).toEqual({
      user_identity_id: 'u',
      customization: { primary_color: '#000000' },
      ids: ['a', 'b'],
    });
  });
  it('access log URLs lose query strings and instant key secrets', () => {
    expect(redactUrl('/ik/abcDEF123_-xyz?x=1')).toBe('/ik/[redacted]');
    expect(redactUrl('/events/list?since=2026')).toBe('/events/list');
  });
});

describe('redactUrl keeps web app file names', () => {
  it('redacts secrets, not files', () => {
    expect(redactUrl('/ik/app.js')).toBe('/ik/app.js');
    expect(redactUrl('/ik/sw.js?v=1')).toBe('/ik/sw.js');
    expect(redactUrl('/ik/almost-a-secret_but_mistyped')).toBe('/ik/[redacted]');
  });
});

describe('query names cannot reach Object.prototype', () => {
  it('refuses __proto__, constructor and prototype segments', () => {
    for (const key of ['__proto__.polluted', 'constructor.prototype.polluted', '__proto__', 'a.prototype']) {
      expect(() => normalizeQuery({ [key]: 'yes' }), key).toThrow(/is not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
