import type { RegisteredFunction } from '../core/function-registry.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import type { RuntimeLogger } from '../runtime-logger.js';
import { resolveSettingReferences } from '../app/setting-references.js';
import { ScheduleMonitor } from './schedule-monitor.js';
import { TimerListener } from './timer-listener.js';
import { parseTimerSchedule, type TimerSchedule } from './timer-schedule.js';

export interface TimerTriggers {
  readonly listeners: readonly TimerListener[];
  find(name: string): TimerListener | undefined;
  /** Starts every schedule (after the host is listening, as the host starts its listeners). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * A listener for every timer-triggered function: `schedule` (with `%SETTING%` references resolved),
 * `runOnStartup`, `useMonitor` (by default on for schedules that fire at most once a minute, as in the timer
 * extension). A schedule that does not parse is logged and that function is not run, as the host marks one
 * function in error and runs the rest.
 */
export function createTimerTriggers(
  functions: readonly RegisteredFunction[],
  invoker: FunctionInvoker,
  log: RuntimeLogger,
  statusFolder: string,
  env: NodeJS.ProcessEnv = process.env,
): TimerTriggers {
  const monitor = new ScheduleMonitor(statusFolder);
  const listeners: TimerListener[] = [];
  for (const fn of functions) {
    if (String(fn.trigger.type).toLowerCase() !== 'timertrigger') continue;
    const name = fn.metadata.name;
    let schedule: TimerSchedule;
    try {
      if (typeof fn.trigger.schedule !== 'string') throw new Error(`Function '${name}': the timer trigger has no "schedule".`);
      schedule = parseTimerSchedule(resolveSettingReferences(fn.trigger.schedule, env, `Function '${name}' schedule`), name);
    } catch (error) {
      log('error', `The '${name}' function is in error: ${(error as Error).message}`);
      continue;
    }
    const useMonitor = typeof fn.trigger.useMonitor === 'boolean' ? fn.trigger.useMonitor : firesAtMostOncePerMinute(schedule);
    const listener = new TimerListener(fn, schedule, { runOnStartup: fn.trigger.runOnStartup === true, monitor: useMonitor ? monitor : null }, invoker, log);
    listeners.push(listener);
  }
  return {
    listeners,
    find: (name) => listeners.find((l) => l.name.toLowerCase() === name.toLowerCase()),
    start: () => listeners.forEach((l) => l.start()),
    stop: async () => {
      await Promise.all(listeners.map((l) => l.stop()));
    },
  };
}

function firesAtMostOncePerMinute(schedule: TimerSchedule): boolean {
  const first = schedule.next(new Date());
  return schedule.next(first).getTime() - first.getTime() >= 60_000;
}
