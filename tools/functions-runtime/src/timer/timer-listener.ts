import type { RegisteredFunction } from '../core/function-registry.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import type { RuntimeLogger } from '../runtime-logger.js';
import { NEVER, type ScheduleMonitor, type ScheduleStatus } from './schedule-monitor.js';
import type { TimerSchedule } from './timer-schedule.js';

/** setTimeout's limit; longer waits are taken in steps, as the host's MaxTimerInterval. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface TimerOptions {
  readonly runOnStartup: boolean;
  /** Null when the schedule is not monitored (no status, no past-due runs). */
  readonly monitor: ScheduleMonitor | null;
}

/**
 * One timer-triggered function, run as the WebJobs timer extension's TimerListener runs it: on start a past-due
 * check (when monitored) or `runOnStartup` gives one immediate run; then every occurrence, one invocation at a
 * time, each followed by a status update (Last, Next, LastUpdated).
 */
export class TimerListener {
  #status: ScheduleStatus;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly fn: RegisteredFunction,
    private readonly schedule: TimerSchedule,
    private readonly options: TimerOptions,
    private readonly invoker: FunctionInvoker,
    private readonly log: RuntimeLogger,
  ) {
    this.#status = { last: NEVER, next: NEVER, lastUpdated: NEVER };
  }

  get name(): string {
    return this.fn.metadata.name;
  }

  /** The status passed to the function (null when not monitored), as TimerInfo.ScheduleStatus. */
  get status(): ScheduleStatus | null {
    return this.options.monitor ? this.#status : null;
  }

  start(): void {
    const now = new Date();
    const monitor = this.options.monitor;
    let pastDue = 0;
    let stored: ScheduleStatus | undefined;
    if (monitor) {
      stored = monitor.read(this.name);
      pastDue = monitor.checkPastDue(this.name, now, this.schedule, stored);
    }
    this.#status = stored ?? { last: NEVER, next: this.schedule.next(now), lastUpdated: NEVER };
    const upcoming: string[] = [];
    for (let at = now, i = 0; i < 5; i++) upcoming.push((at = this.schedule.next(at)).toISOString());
    this.log('info', `The next 5 occurrences of the '${this.name}' schedule (${this.schedule.description}) will be:\n${upcoming.join('\n')}`);
    if (pastDue > 0) {
      const original = this.#status.next;
      this.#arm(1, () => this.#invoke(new Date(), { isPastDue: true, details: `UnscheduledInvocationReason: IsPastDue, OriginalSchedule: ${original.toISOString()}` }));
    } else if (this.options.runOnStartup) {
      this.#arm(1, () => this.#invoke(new Date(), { isPastDue: false, runOnStartup: true, details: 'UnscheduledInvocationReason: RunOnStartup' }));
    } else {
      this.#armNext();
    }
  }

  /** Runs the function now without touching the schedule (POST /admin/functions/<name>). */
  runByHand(): void {
    void this.#invokeFunction(false, 'This function was programmatically called via the host APIs.');
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #armNext(): void {
    this.#arm(this.#status.next.getTime() - Date.now(), () => this.#invoke(new Date(), { isPastDue: false }));
  }

  #arm(delayMs: number, fire: () => Promise<void>): void {
    if (this.#stopped) return;
    const wait = Math.max(1, delayMs);
    if (wait > MAX_TIMEOUT_MS) {
      this.#timer = setTimeout(() => this.#arm(wait - MAX_TIMEOUT_MS, fire), MAX_TIMEOUT_MS);
      return;
    }
    this.#timer = setTimeout(() => {
      this.#running = fire().finally(() => this.#armNext());
    }, wait);
  }

  async #invoke(invokedAt: Date, how: { isPastDue: boolean; runOnStartup?: boolean; details?: string }): Promise<void> {
    if (this.#stopped) return;
    if (how.details) this.log('info', `Trigger Details: ${how.details}`);
    await this.#invokeFunction(how.isPastDue, `Timer fired at ${invokedAt.toISOString()}`);
    // A run that fired a little early counts from its scheduled time, so the same Next is not taken twice.
    const adjusted = !how.isPastDue && !how.runOnStartup && this.#status.next > invokedAt ? this.#status.next : invokedAt;
    this.#status = { last: adjusted, next: this.schedule.next(adjusted), lastUpdated: adjusted };
    this.options.monitor?.write(this.name, this.#status);
  }

  async #invokeFunction(isPastDue: boolean, reason: string): Promise<void> {
    const status = this.status;
    const timerInfo = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: status && { Last: status.last.toISOString(), Next: status.next.toISOString(), LastUpdated: status.lastUpdated.toISOString() },
      IsPastDue: isPastDue,
    };
    await this.invoker.invoke(this.fn, { inputData: [{ name: this.fn.triggerName, data: { json: JSON.stringify(timerInfo) } }], reason });
  }
}
