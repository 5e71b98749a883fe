import { describe, expect, it } from 'vitest';
import { parseTimerSchedule } from './timer-schedule.js';

const at = (iso: string) => new Date(iso);

describe('timer schedules as the host parses them', () => {
  it('reads six-field NCRONTAB with seconds first', () => {
    const schedule = parseTimerSchedule('30 */5 * * * *', 'f');
    const next = schedule.next(at('2025-01-01T10:01:00Z'));
    expect(next.getUTCMinutes() % 5).toBe(0);
    expect(next.getUTCSeconds()).toBe(30);
    expect(schedule.isInterval).toBe(false);
  });

  it('requires both day of month and day of week to match, as NCrontab does', () => {
    // 13th of the month that is also a Friday (local time zone: only the weekday and date are checked).
    const next = parseTimerSchedule('0 0 12 13 * 5', 'f').next(new Date(2025, 0, 1));
    expect(next.getDate()).toBe(13);
    expect(next.getDay()).toBe(5);
  });

  it('takes a TimeSpan as a constant interval', () => {
    const schedule = parseTimerSchedule('00:00:30', 'f');
    expect(schedule.isInterval).toBe(true);
    expect(schedule.next(at('2025-01-01T00:00:00Z')).toISOString()).toBe('2025-01-01T00:00:30.000Z');
    expect(parseTimerSchedule('1.02:00:00', 'f').next(at('2025-01-01T00:00:00Z')).toISOString()).toBe('2025-01-02T02:00:00.000Z');
  });

  it('explains a five-field cron expression and anything else', () => {
    expect(() => parseTimerSchedule('*/5 * * * *', 'nightly')).toThrow(/'nightly'.*was not recognized.*NCRONTAB has six fields, seconds first/);
    expect(() => parseTimerSchedule('every day', 'f')).toThrow(/was not recognized as a valid cron expression or timespan string/);
    expect(() => parseTimerSchedule('0 0 25 * * *', 'f')).toThrow(/not a valid NCRONTAB expression/);
  });
});
