import { describe, expect, it } from 'vitest';
import { helloLine, parseAirUrl, parseHello } from './remote.js';

describe('air server wire protocol', () => {
  it('round-trips a hello line', () => {
    const line = helloLine({ name: 'lock-1', position: { x: 1, y: 2 }, aclBuffers: { length: 27, count: 2 } });
    expect(line.endsWith('\n')).toBe(true);
    expect(parseHello(line.trim())).toMatchObject({ name: 'lock-1', position: { x: 1, y: 2 }, aclBuffers: { length: 27, count: 2 } });
  });

  it('refuses hellos without a name or with a bad position', () => {
    expect(() => parseHello('not json')).toThrow(/JSON/);
    expect(() => parseHello('{"position":{"x":0,"y":0}}')).toThrow(/name/);
    expect(() => parseHello('{"name":"a","position":{"x":"far"}}')).toThrow(/position/);
  });

  it('parses air addresses', () => {
    expect(parseAirUrl('tcp://10.0.0.2:6402')).toEqual({ host: '10.0.0.2', port: 6402 });
    expect(parseAirUrl(':7000')).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(parseAirUrl('unix:/tmp/air.sock')).toEqual({ path: '/tmp/air.sock' });
    expect(() => parseAirUrl('bluetooth://x')).toThrow(/air address/);
  });
});
