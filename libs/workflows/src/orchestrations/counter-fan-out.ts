import { defineOrchestration } from '@durable-hosts/durable';
import { counter } from '../entities/counter.js';

export interface CounterFanOutRequest {
  readonly key?: string;
  readonly count?: number;
}

/**
 * Fans signals out to a counter (reset, then add 1..count) and reads the total. Signals from one
 * orchestration reach an entity in the order they were sent, so the call sees all of them.
 */
export const counterFanOutOrchestration = defineOrchestration(
  'counter_fan_out_orchestration',
  function* (ctx, request?: CounterFanOutRequest | null) {
    const key = request?.key ?? 'fan-out';
    const count = request?.count ?? 10;
    ctx.signalEntity(counter, key, 'reset');
    for (let i = 1; i <= count; i++) ctx.signalEntity(counter, key, 'add', i);
    const total = yield* ctx.callEntity(counter, key, 'get');
    return { key, signals: count, total };
  },
);
