/** The property seeded when no `--property FILE` is given: small, but every entrance type. */
import { parsePropertyFile, type PropertyFile, type PropertyFileInput } from './propertyFile.js';

export const demoHotelPropertyInput: PropertyFileInput = {
  version: 1,
  name: 'keyrig Demo Hotel',
  time_zone: 'Europe/Berlin',
  front_desk: 'Call +49 30 555 0100 or come to reception (open 24 h).',
  entrances: [
    { key: 'main-entrance', display_name: 'Main Entrance', type: 'door', category: 'entrance' },
    { key: 'room-101', display_name: 'Room 101', type: 'door', category: 'guest' },
    { key: 'room-102', display_name: 'Room 102', type: 'door', category: 'guest' },
    { key: 'elevator', display_name: 'Elevator', type: 'elevator', category: 'elevator_reader', floors: [1, 2, 3, 4, 5] },
    { key: 'gym', display_name: 'Gym', type: 'amenity', category: 'common', hours: [{ from: '06:00', to: '22:00' }] },
    { key: 'pool', display_name: 'Pool', type: 'amenity', category: 'common', hours: [{ from: '07:00', to: '21:00' }] },
  ],
};

/** The demo hotel, validated (ids derive from the entrance keys, so they are stable). */
export function demoHotelProperty(): PropertyFile {
  return parsePropertyFile(demoHotelPropertyInput, 'demo hotel');
}
