import { defineActivity } from '@durable-hosts/durable';

/** Stands in for the periodic work of an eternal orchestration (a cleanup, a report). */
export const recordHeartbeat = defineActivity(
  'record_heartbeat',
  (iteration: number) => `Heartbeat ${iteration}`,
);
