import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { TimerSchedule } from './timer-schedule.js';

/** The host's ScheduleStatus (times in ISO 8601). */
export interface ScheduleStatus {
  readonly last: Date;
  readonly next: Date;
  readonly lastUpdated: Date;
}

/** .NET's default(DateTime): "never". */
export const NEVER = new Date('0001-01-01T00:00:00.000Z');

/**
 * Where timer schedule status lives between runs. The host keeps it in the AzureWebJobsStorage blob
 * `azure-webjobs-hosts/timers/<hostId>/<function>/status`; here it is one JSON file per function in `folder`.
 */
export class ScheduleMonitor {
  constructor(readonly folder: string) {}

  read(functionName: string): ScheduleStatus | undefined {
    let json: { Last?: string; Next?: string; LastUpdated?: string };
    try {
      json = JSON.parse(readFileSync(this.#file(functionName), 'utf8')) as typeof json;
    } catch {
      return undefined;
    }
    const date = (value: string | undefined) => (value ? new Date(value) : NEVER);
    const status = { last: date(json.Last), next: date(json.Next), lastUpdated: date(json.LastUpdated) };
    return Number.isNaN(status.next.getTime()) ? undefined : status;
  }

  write(functionName: string, status: ScheduleStatus): void {
    mkdirSync(this.folder, { recursive: true });
    const file = this.#file(functionName);
    const json = { Last: status.last.toISOString(), Next: status.next.toISOString(), LastUpdated: status.lastUpdated.toISOString() };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(json, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  /**
   * How far past due the timer is (0 when it is not), as the host's ScheduleMonitor.CheckPastDueAsync decides:
   * a first run records the next occurrence; a changed schedule re-computes it from Last (or LastUpdated).
   */
  checkPastDue(functionName: string, now: Date, schedule: TimerSchedule, lastStatus: ScheduleStatus | undefined): number {
    let recordedNext: Date;
    if (!lastStatus) {
      recordedNext = schedule.next(now);
      this.write(functionName, { last: NEVER, next: recordedNext, lastUpdated: now });
    } else {
      const from = lastStatus.last > NEVER ? lastStatus.last : lastStatus.lastUpdated > NEVER ? lastStatus.lastUpdated : now;
      const expectedNext = schedule.next(from);
      if (expectedNext.getTime() !== lastStatus.next.getTime()) {
        this.write(functionName, { last: lastStatus.last, next: expectedNext, lastUpdated: from });
      }
      recordedNext = expectedNext;
    }
    return Math.max(0, now.getTime() - recordedNext.getTime());
  }

  #file(functionName: string): string {
    return path.join(this.folder, `${functionName.replace(/[^\w.-]/g, '_')}.json`);
  }
}
