/**
 * Process-wide lookup from a virtual controller id (in bindParams) to its controller, so the
 * virtual HCI socket that noble or bleno creates finds the controller the air attached.
 */
import type { VirtualController } from '../controller/VirtualController.js';

const controllers = new Map<string, VirtualController>();

export function registerController(id: string, c: VirtualController): void {
  controllers.set(id, c);
}

export function unregisterController(id: string): void {
  controllers.delete(id);
}

export function lookupController(id: string): VirtualController | undefined {
  return controllers.get(id);
}
