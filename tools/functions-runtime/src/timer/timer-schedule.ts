import { Cron } from 'croner';

/** A timer trigger's schedule, as the WebJobs timer extension's TimerSchedule: NCRONTAB or a constant interval. */
export interface TimerSchedule {
  /** The first occurrence strictly after `after`. */
  next(after: Date): Date;
  /** A constant interval (TimeSpan form): the host computes DST differently for these. */
  readonly isInterval: boolean;
  // How func start prints it: Cron: '0 */5 * * * *' or Interval: '00:05:00'.
  readonly description: string;
}

const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/**
 * Parses `schedule` as the host's TimerSchedule.Create does: a six-field NCRONTAB expression
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`, where day and day-of-week must both match, as in
 * NCrontab), else a TimeSpan (`hh:mm:ss`, `d.hh:mm:ss`) for a constant interval; anything else is an error.
 */
export function parseTimerSchedule(expression: string, functionName: string): TimerSchedule {
  const text = expression.trim();
  const fields = text.split(/\s+/);
  if (fields.length === 6) {
    let cron: Cron;
    try {
      cron = new Cron(text, { domAndDow: true, paused: true });
    } catch (error) {
      throw new Error(`Function '${functionName}': schedule '${expression}' is not a valid NCRONTAB expression: ${(error as Error).message}`, { cause: error });
    }
    return {
      isInterval: false,
      description: `Cron: '${text}'`,
      next(after) {
        const next = cron.nextRun(after);
        if (!next) throw new Error(`Function '${functionName}': schedule '${expression}' has no occurrence after ${after.toISOString()}.`);
        return next;
      },
    };
  }
  const span = TIME_SPAN.exec(text);
  if (span) {
    const [, days = '0', hours, minutes, seconds = '0', fraction = '0'] = span;
    const ms = (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Math.round(Number(`0.${fraction}`) * 1000);
    if (ms <= 0) throw new Error(`Function '${functionName}': schedule '${expression}' is a zero interval.`);
    return { isInterval: true, description: `Interval: '${text}'`, next: (after) => new Date(after.getTime() + ms) };
  }
  throw new Error(
    `Function '${functionName}': the schedule expression '${expression}' was not recognized as a valid cron expression or timespan string. ` +
      (fields.length === 5 ? 'NCRONTAB has six fields, seconds first: e.g. "0 */5 * * * *" for every five minutes.' : 'Use six NCRONTAB fields ({second} {minute} {hour} {day} {month} {day-of-week}) or hh:mm:ss.'),
  );
}
