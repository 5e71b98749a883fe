import { defineOrchestration } from '@durable-hosts/durable';
import { sayHello } from '../activities/say-hello.js';

export const CHAINING_CITIES: readonly string[] = ['Tokyo', 'Seattle', 'London'];

/** Function chaining (the seed): greet each city in turn, each call after the previous one finished. */
export const chainingOrchestration = defineOrchestration(
  'chaining_orchestration',
  function* (ctx, cities?: string[] | null) {
    const greetings: string[] = [];
    for (const city of cities ?? CHAINING_CITIES) {
      greetings.push(yield* ctx.callActivity(sayHello, city));
    }
    return greetings;
  },
);
