import { defineOrchestration, type OrchestrationGenerator } from '@durable-hosts/durable';
import { recordHeartbeat } from '../activities/record-heartbeat.js';

export const STOP_EVENT = 'stop';

export interface EternalInput {
  /** 0 for the first execution; each continue-as-new passes the next one. */
  readonly iteration?: number;
  readonly intervalSeconds?: number;
  /** Optional safety stop after this many iterations. */
  readonly maxIterations?: number;
}

export interface EternalResult {
  readonly iterations: number;
  readonly stoppedBy: 'event' | 'limit';
}

/**
 * Eternal orchestration: do the periodic work, sleep, then continue as new so the history stays short.
 * Raising the `stop` event ends it.
 */
export const eternalOrchestration = defineOrchestration(
  'eternal_orchestration',
  function* (ctx, input?: EternalInput | null): OrchestrationGenerator<EternalResult> {
    const iteration = input?.iteration ?? 0;
    const intervalSeconds = input?.intervalSeconds ?? 60;
    const heartbeat = yield* ctx.callActivity(recordHeartbeat, iteration);
    ctx.setCustomStatus({ iteration, heartbeat });
    if (input?.maxIterations !== undefined && iteration + 1 >= input.maxIterations)
      return { iterations: iteration + 1, stoppedBy: 'limit' };

    const race = yield* ctx.any([
      ctx.waitForExternalEvent(STOP_EVENT),
      ctx.createTimer({ seconds: intervalSeconds }),
    ]);
    if (race.index === 0) return { iterations: iteration + 1, stoppedBy: 'event' };
    return yield* ctx.continueAsNew({ ...input, iteration: iteration + 1 });
  },
);
