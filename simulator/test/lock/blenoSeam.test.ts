/**
 * The lock reads two bleno 0.12.4 internals (per-connection ATT MTU, MTU cap). This fails loudly
 * if an upgrade moves them, instead of the lock silently fragmenting at 23.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { connectionMtu, hasBlenoGattInternals, setMaxMtu } from '../../src/lock/ble/blenoInternals.js';
import { createBleno } from '../../src/lock/ble/lockRadio.js';

let air: Air | undefined;
afterEach(async () => {
  await air?.close();
  air = undefined;
});

describe('bleno internals the lock relies on', () => {
  it('exposes the gatt connection map and MTU cap', async () => {
    air = new Air();
    const at = air.attach({ name: 'seam-lock' });
    const bleno = await createBleno({ kind: 'virtual', hciDriver: at.bindings.hciDriver, bindParams: at.bindings.bindParams });
    await bleno.waitForPoweredOnAsync(15_000);
    try {
      expect(hasBlenoGattInternals(bleno)).toBe(true);
      expect(connectionMtu(bleno, 99)).toBe(23);
      setMaxMtu(bleno, 23);
      const gatt = (bleno as unknown as { _bindings: { _gatt: { maxMtu: number } } })._bindings._gatt;
      expect(gatt.maxMtu).toBe(23);
    } finally {
      bleno.stop();
    }
  });
});
