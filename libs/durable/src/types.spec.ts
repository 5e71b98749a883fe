// Type tests: checked by `nx typecheck durable` (tsc), the runtime part is trivial.
import {
  defineActivity,
  defineEntity,
  defineOrchestration,
  type EntityContext,
  type InputOf,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type OutputOf,
  type StateOf,
} from './index.js';
import { TestOrchestrationRunner } from './testing/index.js';

const sayHello = defineActivity('say_hello', (city: string) => `Hello ${city}!`);
const count = defineActivity('count', async (n: number) => n + 1);
const noInput = defineActivity('no_input', () => 42);

const typed = defineOrchestration('typed', function* (ctx, cities: string[]) {
  const greeting = yield* ctx.callActivity(sayHello, 'Tokyo');
  expectTypeOf(greeting).toEqualTypeOf<string>();
  const n = yield* ctx.callActivity(count, 1, {
    retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 100 },
  });
  expectTypeOf(n).toEqualTypeOf<number>();
  expectTypeOf(yield* ctx.callActivity(noInput)).toEqualTypeOf<number>();

  // @ts-expect-error: say_hello takes a string, not a number
  yield* ctx.callActivity(sayHello, 42);
  // @ts-expect-error: say_hello needs its input
  yield* ctx.callActivity(sayHello);

  const pair = yield* ctx.all([ctx.callActivity(sayHello, 'a'), ctx.createTimer({ minutes: 5 })]);
  expectTypeOf(pair).toEqualTypeOf<[string, void]>();
  const many = yield* ctx.all(cities.map((city) => ctx.callActivity(sayHello, city)));
  expectTypeOf(many).toEqualTypeOf<string[]>();

  const race = yield* ctx.any([ctx.waitForExternalEvent<boolean>('approval'), ctx.createTimer(new Date(0))]);
  if (race.index === 0) expectTypeOf(race.value).toEqualTypeOf<boolean>();
  else expectTypeOf(race.value).toEqualTypeOf<void>();
  const anyOfMany = yield* ctx.any(cities.map((city) => ctx.callActivity(count, city.length)));
  expectTypeOf(anyOfMany).toEqualTypeOf<{ readonly index: number; readonly value: number }>();

  // @ts-expect-error: a plain `yield` only gives unknown, never a typed result
  const untyped: string = yield ctx.callActivity(sayHello, 'x').command;
  void untyped;
  return [greeting, ...many];
});

const child = defineOrchestration('child', function* (ctx, input: { id: number }) {
  yield* ctx.createTimer({ seconds: 1 });
  return input.id * 2;
});
const parent = defineOrchestration('parent', function* (ctx) {
  const doubled = yield* ctx.callSubOrchestration(child, { id: 2 }, { instanceId: 'c1' });
  expectTypeOf(doubled).toEqualTypeOf<number>();
  // @ts-expect-error: the child's input has an `id`
  yield* ctx.callSubOrchestration(child, { name: 'x' });
  if (doubled > 10) return yield* ctx.continueAsNew(doubled);
  return 'done';
});

// The test runner keeps the definition's types: output typed, input required when the body needs one.
async function runnerTyping() {
  const runner = new TestOrchestrationRunner({ activities: [sayHello] });
  const result = await runner.run(typed, ['Tokyo']);
  expectTypeOf(result.output).toEqualTypeOf<string[] | undefined>();
  // @ts-expect-error: `typed` needs its string[] input
  await runner.run(typed);
  // @ts-expect-error: and not a number
  await runner.run(typed, 7);
}
void runnerTyping;

// Entities: the state type comes from the initial state, each operation keeps its input and result types.
const counter = defineEntity('counter', {
  initialState: 0,
  operations: {
    add: (ctx, amount: number) => {
      expectTypeOf(ctx).toEqualTypeOf<EntityContext<number>>();
      ctx.state += amount;
    },
    reset: (ctx) => {
      ctx.state = 0;
    },
    get: (ctx) => ctx.state,
    slowGet: async (ctx) => ctx.state,
    maybe: (ctx, by?: number) => ctx.state + (by ?? 1),
  },
});
const account = defineEntity('account', {
  initialState: () => ({ balance: 0, owner: null as string | null }),
  operations: {
    deposit: (ctx, amount: number) => {
      // @ts-expect-error: the state is { balance, owner }, not a number
      ctx.state = 5;
      ctx.state.balance += amount;
      ctx.signalEntity(counter, 'deposits', 'add', 1, { at: { minutes: 1 } });
      // @ts-expect-error: add takes a number
      ctx.signalEntity(counter, 'deposits', 'add', '1');
      return ctx.state.balance;
    },
  },
});

const usesEntities = defineOrchestration('uses_entities', function* (ctx) {
  expectTypeOf(yield* ctx.callEntity(counter, 'k1', 'add', 5)).toEqualTypeOf<void>();
  expectTypeOf(yield* ctx.callEntity(counter, 'k1', 'get')).toEqualTypeOf<number>();
  expectTypeOf(yield* ctx.callEntity(counter, 'k1', 'slowGet')).toEqualTypeOf<number>();
  expectTypeOf(yield* ctx.callEntity(counter, 'k1', 'maybe')).toEqualTypeOf<number>();
  expectTypeOf(yield* ctx.callEntity(account, 'ana', 'deposit', 10)).toEqualTypeOf<number>();
  // @ts-expect-error: no operation 'ad'
  yield* ctx.callEntity(counter, 'k1', 'ad', 5);
  // @ts-expect-error: add takes a number, not a string
  yield* ctx.callEntity(counter, 'k1', 'add', 'five');
  // @ts-expect-error: add needs its input
  yield* ctx.callEntity(counter, 'k1', 'add');
  // @ts-expect-error: get takes no input
  yield* ctx.callEntity(counter, 'k1', 'get', 1);
  ctx.signalEntity(counter, 'k1', 'add', 5);
  ctx.signalEntity(counter, 'k1', 'reset', undefined, { at: { hours: 1 } });
  // @ts-expect-error: add takes a number
  ctx.signalEntity(counter, 'k1', 'add', true);
  const [total, balance] = yield* ctx.all([
    ctx.callEntity(counter, 'k1', 'get'),
    ctx.callEntity(account, 'ana', 'deposit', 1),
  ]);
  expectTypeOf(total).toEqualTypeOf<number>();
  expectTypeOf(balance).toEqualTypeOf<number>();
  const inSection = yield* ctx.lock([account.id('ana'), account.id('bo')], function* () {
    return yield* ctx.callEntity(account, 'ana', 'deposit', 1);
  });
  expectTypeOf(inSection).toEqualTypeOf<number>();
  return total;
});

async function entityRunnerTyping() {
  const runner = new TestOrchestrationRunner({ entities: [counter, account] });
  await runner.signalEntity(counter, 'k1', 'add', 5);
  // @ts-expect-error: add takes a number
  await runner.signalEntity(counter, 'k1', 'add', 'x');
  expectTypeOf(await runner.callEntity(counter, 'k1', 'get')).toEqualTypeOf<number>();
  expectTypeOf(runner.entityState(account, 'ana')).toEqualTypeOf<
    { balance: number; owner: string | null } | undefined
  >();
}
void entityRunnerTyping;

describe('the typed API', () => {
  it('types entity definitions by their initial state and operations', () => {
    expectTypeOf<StateOf<typeof counter>>().toEqualTypeOf<number>();
    expectTypeOf<OperationName<typeof counter>>().toEqualTypeOf<
      'add' | 'reset' | 'get' | 'slowGet' | 'maybe' | 'delete'
    >();
    expectTypeOf<OperationInput<typeof counter, 'delete'>>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationInput<typeof counter, 'add'>>().toEqualTypeOf<number>();
    expectTypeOf<OperationInput<typeof counter, 'get'>>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationOutput<typeof account, 'deposit'>>().toEqualTypeOf<number>();
    expect([counter.name, usesEntities.name, counter.id('k1')]).toEqual([
      'counter',
      'uses_entities',
      { name: 'counter', key: 'k1' },
    ]);
  });

  it('infers inputs and outputs of definitions', () => {
    expectTypeOf<OutputOf<typeof typed>>().toEqualTypeOf<string[]>();
    expectTypeOf<InputOf<typeof typed>>().toEqualTypeOf<string[]>();
    expectTypeOf<OutputOf<typeof parent>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<typeof sayHello>>().toEqualTypeOf<string>();
    expect([typed.name, parent.name, sayHello.name]).toEqual(['typed', 'parent', 'say_hello']);
  });
});
