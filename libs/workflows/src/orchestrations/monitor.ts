import { defineOrchestration, type OrchestrationGenerator } from '@durable-hosts/durable';
import { checkJobStatus } from '../activities/check-job-status.js';

export interface MonitorInput {
  readonly jobId?: string;
  /** The simulated job is done from this poll on (default 3). */
  readonly completesAfterPolls?: number;
  readonly pollIntervalSeconds?: number;
  /** Give up after this long (default one hour). */
  readonly timeoutSeconds?: number;
}

export interface MonitorResult {
  readonly jobId: string;
  readonly status: 'done' | 'timed_out';
  readonly polls: number;
}

/**
 * Monitor: poll an external job with durable timers until it is done or a deadline passes. The deadline
 * comes from the replay-safe clock, so every replay computes the same one.
 */
export const monitorOrchestration = defineOrchestration(
  'monitor_orchestration',
  function* (ctx, input?: MonitorInput | null): OrchestrationGenerator<MonitorResult> {
    const jobId = input?.jobId ?? 'job-1';
    const completesAfterPolls = input?.completesAfterPolls ?? 3;
    const pollIntervalMs = (input?.pollIntervalSeconds ?? 60) * 1000;
    const deadline = ctx.currentUtcDateTime.getTime() + (input?.timeoutSeconds ?? 3600) * 1000;

    for (let poll = 1; ; poll++) {
      const status = yield* ctx.callActivity(checkJobStatus, { jobId, poll, completesAfterPolls });
      ctx.setCustomStatus({ jobId, polls: poll, status });
      if (status === 'done') return { jobId, status: 'done', polls: poll };
      const nextPoll = ctx.currentUtcDateTime.getTime() + pollIntervalMs;
      if (nextPoll > deadline) return { jobId, status: 'timed_out', polls: poll };
      yield* ctx.createTimer(new Date(nextPoll));
    }
  },
);
