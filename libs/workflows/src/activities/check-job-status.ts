import { defineActivity } from '@durable-hosts/durable';

export interface JobStatusQuery {
  readonly jobId: string;
  /** 1 for the first poll. */
  readonly poll: number;
  /** The simulated job reports done from this poll on. */
  readonly completesAfterPolls: number;
}

export type JobStatus = 'running' | 'done';

/**
 * Stands in for asking an external system about a long-running job. The answer depends only on the
 * input, so every host (and every replay) sees the same sequence.
 */
export const checkJobStatus = defineActivity('check_job_status', (query: JobStatusQuery): JobStatus =>
  query.poll >= query.completesAfterPolls ? 'done' : 'running',
);
