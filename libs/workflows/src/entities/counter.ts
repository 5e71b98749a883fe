import { defineEntity } from '@durable-hosts/durable';

/** A number that operations add to; `add` answers the new total. The classic first entity. */
export const counter = defineEntity('counter', {
  initialState: 0,
  operations: {
    add: (ctx, amount: number) => {
      if (typeof amount !== 'number' || !Number.isFinite(amount)) {
        throw new TypeError(`counter.add needs a finite number, got ${JSON.stringify(amount)}.`);
      }
      ctx.state += amount;
      return ctx.state;
    },
    reset: (ctx) => {
      ctx.state = 0;
    },
    get: (ctx) => ctx.state,
  },
});
