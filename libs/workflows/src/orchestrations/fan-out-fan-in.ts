import { defineOrchestration } from '@durable-hosts/durable';
import { sayHello } from '../activities/say-hello.js';

export const FAN_OUT_CITIES: readonly string[] = ['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'];

/** Fan-out/fan-in (the seed): greet every city in parallel, then aggregate; results keep the input order. */
export const fanOutFanInOrchestration = defineOrchestration(
  'fan_out_fan_in_orchestration',
  function* (ctx, cities?: string[] | null) {
    return yield* ctx.all((cities ?? FAN_OUT_CITIES).map((city) => ctx.callActivity(sayHello, city)));
  },
);
