// Checks that a history records every step exactly once: one result per scheduled activity, one firing
// per timer, action ids never reused.
import type { HistoryEvent } from '@microsoft/durabletask-js';

export interface HistoryAudit {
  scheduled: number;
  problems: string[];
}

/** `unfinished`: the instance was terminated, so a scheduled step may have no result (but never two). */
export function auditHistory(instanceId: string, history: readonly HistoryEvent[], options: { unfinished?: boolean } = {}): HistoryAudit {
  const problems: string[] = [];
  const results = new Map<number, number>();
  const firings = new Map<number, number>();
  for (const e of history) {
    if (e.type === 'TaskCompleted' || e.type === 'TaskFailed') results.set(e.taskScheduledId, (results.get(e.taskScheduledId) ?? 0) + 1);
    if (e.type === 'TimerFired') firings.set(e.timerId, (firings.get(e.timerId) ?? 0) + 1);
  }
  const seenIds = new Set<number>();
  let scheduled = 0;
  for (const e of history) {
    if (e.type === 'TaskScheduled' || e.type === 'TimerCreated') {
      if (seenIds.has(e.eventId)) problems.push(`${instanceId}: action id ${e.eventId} recorded twice`);
      seenIds.add(e.eventId);
    }
    if (e.type === 'TaskScheduled') {
      scheduled++;
      const n = results.get(e.eventId) ?? 0;
      if (n > 1 || (n === 0 && !options.unfinished)) problems.push(`${instanceId}: task ${e.eventId} (${e.name}) has ${n} results`);
    }
    if (e.type === 'TimerCreated') {
      const n = firings.get(e.eventId) ?? 0;
      if (n > 1 || (n === 0 && !options.unfinished)) problems.push(`${instanceId}: timer ${e.eventId} fired ${n} times`);
    }
  }
  for (const [taskId, n] of results) {
    if (!seenIds.has(taskId)) problems.push(`${instanceId}: ${n} result(s) for task ${taskId}, which was never scheduled`);
  }
  return { scheduled, problems };
}
