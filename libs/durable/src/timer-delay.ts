/** A relative timer delay; the parts add up (`{ hours: 1, minutes: 30 }`). */
export interface TimerDelay {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
}

export function delayInMilliseconds(delay: TimerDelay): number {
  const ms =
    (delay.days ?? 0) * 86_400_000 +
    (delay.hours ?? 0) * 3_600_000 +
    (delay.minutes ?? 0) * 60_000 +
    (delay.seconds ?? 0) * 1000 +
    (delay.milliseconds ?? 0);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`Timer delay must be a finite, non-negative duration, got ${JSON.stringify(delay)}.`);
  }
  return ms;
}

/** The absolute fire time of `fireAt`, a Date or a delay from `now` (the replay-safe orchestration clock). */
export function resolveFireAt(fireAt: Date | TimerDelay, now: Date): Date {
  if (fireAt instanceof Date) {
    if (Number.isNaN(fireAt.getTime())) throw new Error('Timer fire time is an invalid Date.');
    return new Date(fireAt.getTime());
  }
  return new Date(now.getTime() + delayInMilliseconds(fireAt));
}
