import { describe, expect, it } from 'vitest';
import { blenoBindingOptions, describeRadio } from './lockRadio.js';

describe('lock radios', () => {
  it('maps a kernel adapter, a UART and a virtual driver to bleno binding options', () => {
    expect(blenoBindingOptions({ kind: 'hci', deviceId: 1 })).toMatchObject({ hciDriver: 'native', deviceId: 1 });
    expect(blenoBindingOptions({ kind: 'uart', port: '/dev/ttyACM0' })).toEqual({
      hciDriver: 'uart',
      bindParams: { uart: { port: '/dev/ttyACM0', baudRate: 1_000_000 } },
    });
    expect(blenoBindingOptions({ kind: 'virtual', hciDriver: 'virtual', bindParams: { virtual: { id: 'x' } } })).toEqual({
      hciDriver: 'virtual',
      bindParams: { virtual: { id: 'x' } },
    });
    expect(describeRadio({ kind: 'hci', deviceId: 0 })).toBe('hci0');
    expect(describeRadio({ kind: 'uart', port: '/dev/ttyS0' })).toBe('uart:/dev/ttyS0');
  });

  it('refuses a bad adapter index or an empty UART port', () => {
    expect(() => blenoBindingOptions({ kind: 'hci', deviceId: -1 })).toThrow(/HCI device index/);
    expect(() => blenoBindingOptions({ kind: 'uart', port: '' })).toThrow(/needs a port/);
  });
});
