/** The demo's small hotel: a room door, an elevator and a gym (one lock each). */
import { parsePropertyFile, type PropertyFile } from '@keyrig/simulator';

export const DEMO_ENTRANCES = { room: 'room-301', elevator: 'elevator', gym: 'gym' } as const;

export function demoProperty(): PropertyFile {
  return parsePropertyFile(
    {
      version: 1,
      name: 'keyrig Demo Hotel (small)',
      time_zone: 'Europe/Berlin',
      entrances: [
        { key: DEMO_ENTRANCES.room, display_name: 'Room 301', type: 'door', category: 'guest' },
        { key: DEMO_ENTRANCES.elevator, display_name: 'Elevator', type: 'elevator', category: 'elevator_reader', floors: [1, 2, 3, 4, 5] },
        { key: DEMO_ENTRANCES.gym, display_name: 'Gym', type: 'amenity', category: 'common', hours: [{ from: '06:00', to: '22:00' }] },
      ],
    },
    'demo property',
  );
}
