/**
 * The two things the lock needs from bleno 0.12.4 that its public API does not give: the ATT_MTU
 * of one connection (bleno emits `mtuChange` without saying which connection) and the MTU cap it
 * answers Exchange MTU with (to emulate a lock stuck at 23). Both read bleno's hci-socket Gatt
 * object; the version is pinned and `blenoInternals.test.ts` fails loudly if the seam moves.
 */
import type { Bleno, ConnectionHandle } from '@stoprocent/bleno';

interface GattInternals {
  maxMtu: number;
  _connections: Map<ConnectionHandle, { mtu: number }>;
}

function gatt(bleno: Bleno): GattInternals | undefined {
  const g = (bleno as unknown as { _bindings?: { _gatt?: GattInternals } })._bindings?._gatt;
  return g && typeof g.maxMtu === 'number' && g._connections instanceof Map ? g : undefined;
}

/** True when this bleno exposes the internals below. */
export function hasBlenoGattInternals(bleno: Bleno): boolean {
  return gatt(bleno) !== undefined;
}

/** ATT_MTU negotiated on one connection (23 until an Exchange MTU, or when unknown). */
export function connectionMtu(bleno: Bleno, handle: ConnectionHandle): number {
  return gatt(bleno)?._connections.get(handle)?.mtu ?? 23;
}

/** Caps the MTU the lock accepts in Exchange MTU (bleno's default is 256). */
export function setMaxMtu(bleno: Bleno, maxMtu: number): void {
  const g = gatt(bleno);
  if (!g) throw new Error('bleno internals changed: cannot cap the ATT MTU (pinned @stoprocent/bleno 0.12.4)');
  g.maxMtu = maxMtu;
}
