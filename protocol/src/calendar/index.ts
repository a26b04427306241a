export * from './localTime.js';
export * from './weeklySchedule.js';
export * from './scheduleWindows.js';
