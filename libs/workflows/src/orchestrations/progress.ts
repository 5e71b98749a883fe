import { defineOrchestration } from '@durable-hosts/durable';
import { sayHello } from '../activities/say-hello.js';
import { CHAINING_CITIES } from './chaining.js';

export interface Progress {
  readonly completed: number;
  readonly total: number;
  readonly last?: string;
}

/** Custom status progress: clients polling the instance see how far it got (`{ completed, total, last }`). */
export const progressOrchestration = defineOrchestration(
  'progress_orchestration',
  function* (ctx, cities?: string[] | null) {
    const list = cities ?? CHAINING_CITIES;
    const greetings: string[] = [];
    ctx.setCustomStatus({ completed: 0, total: list.length } satisfies Progress);
    for (const city of list) {
      const greeting = yield* ctx.callActivity(sayHello, city);
      greetings.push(greeting);
      ctx.setCustomStatus({
        completed: greetings.length,
        total: list.length,
        last: greeting,
      } satisfies Progress);
    }
    return greetings;
  },
);
