// Type tests: checked by `nx typecheck durable` (tsc), the runtime part is trivial.
import { defineActivity, defineOrchestration, type OutputOf, type InputOf } from './index.js';
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

describe('the typed API', () => {
  it('infers inputs and outputs of definitions', () => {
    expectTypeOf<OutputOf<typeof typed>>().toEqualTypeOf<string[]>();
    expectTypeOf<InputOf<typeof typed>>().toEqualTypeOf<string[]>();
    expectTypeOf<OutputOf<typeof parent>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<typeof sayHello>>().toEqualTypeOf<string>();
    expect([typed.name, parent.name, sayHello.name]).toEqual(['typed', 'parent', 'say_hello']);
  });
});
