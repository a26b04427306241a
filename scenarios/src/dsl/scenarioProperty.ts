/** The property every shipped scenario runs in: two rooms, an elevator, a gym (one lock each). */
import { parsePropertyFile, type PropertyFile } from '@keyrig/simulator';

/** Entrance names scenarios refer to. */
export const ENTRANCES = { room101: 'Room 101', room102: 'Room 102', elevator: 'Elevator', gym: 'Gym' } as const;
export type EntranceName = (typeof ENTRANCES)[keyof typeof ENTRANCES];

/** The property file (as JSON) the shipped scenarios run in: provision device locks from it. */
export const SCENARIO_PROPERTY_JSON = {
  version: 1,
  name: 'keyrig Scenario Hotel',
  time_zone: 'Europe/Berlin',
  entrances: [
    { key: 'room-101', display_name: ENTRANCES.room101, type: 'door', category: 'guest' },
    { key: 'room-102', display_name: ENTRANCES.room102, type: 'door', category: 'guest' },
    { key: 'elevator', display_name: ENTRANCES.elevator, type: 'elevator', category: 'elevator_reader', floors: [1, 2, 3, 4, 5] },
    { key: 'gym', display_name: ENTRANCES.gym, type: 'amenity', category: 'common', hours: [{ from: '06:00', to: '22:00' }] },
  ],
} as const;

export function scenarioProperty(): PropertyFile {
  return parsePropertyFile(structuredClone(SCENARIO_PROPERTY_JSON) as unknown as Parameters<typeof parsePropertyFile>[0], 'scenario property');
}
