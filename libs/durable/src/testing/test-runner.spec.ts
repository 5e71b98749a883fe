import { defineActivity, defineOrchestration, TaskFailedError } from '../index.js';
import { NonDeterminismError, TestOrchestrationRunner, runOrchestration } from './index.js';

const sayHello = defineActivity('say_hello', (city: string) => `Hello ${city}!`);
const fail = defineActivity('fail', (message: string): string => {
  throw new RangeError(message);
});

const START = new Date('2026-01-01T00:00:00.000Z');
const runner = new TestOrchestrationRunner({ activities: [sayHello, fail], startTime: START });

describe('TestOrchestrationRunner', () => {
  it('runs activities in sequence and records the history', async () => {
    const chain = defineOrchestration('chain', function* (ctx) {
      const a = yield* ctx.callActivity(sayHello, 'A');
      const b = yield* ctx.callActivity(sayHello, 'B');
      return [a, b];
    });
    const result = await runner.run(chain);
    expect(result.status).toBe('completed');
    expect(result.output).toEqual(['Hello A!', 'Hello B!']);
    expect(result.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskScheduled',
      'TaskCompleted',
      'TaskScheduled',
      'TaskCompleted',
      'ExecutionCompleted',
    ]);
  });

  it('skips virtual time: a day-long timer completes at once and moves the clock', async () => {
    const sleeper = defineOrchestration('sleeper', function* (ctx) {
      yield* ctx.createTimer({ days: 1 });
      return ctx.currentUtcDateTime.toISOString();
    });
    const result = await runner.run(sleeper);
    expect(result.output).toBe('2026-01-02T00:00:00.000Z');
    expect(result.finishedAt.getTime() - result.startedAt.getTime()).toBe(86_400_000);
  });

  it('lets an event raised at a virtual time win a race against a later timer', async () => {
    const approval = defineOrchestration('approval', function* (ctx) {
      const race = yield* ctx.any([
        ctx.waitForExternalEvent<string>('approval'),
        ctx.createTimer({ hours: 24 }),
      ]);
      return race.index === 0
        ? `approved by ${race.value} at ${ctx.currentUtcDateTime.toISOString()}`
        : 'timed out';
    });
    const approved = await runner.run(approval, undefined, {
      events: [{ name: 'approval', data: 'ana', at: { hours: 2 } }],
    });
    expect(approved.output).toBe('approved by ana at 2026-01-01T02:00:00.000Z');
    const late = await runner.run(approval, undefined, {
      events: [{ name: 'approval', data: 'ana', at: { hours: 25 } }],
    });
    expect(late.output).toBe('timed out');
    const none = await runner.run(approval);
    expect(none.output).toBe('timed out');
  });

  it('buffers an event raised before the orchestration waits for it', async () => {
    const later = defineOrchestration('later', function* (ctx) {
      yield* ctx.createTimer({ minutes: 5 });
      return yield* ctx.waitForExternalEvent<number>('go');
    });
    const result = await runner.run(later, undefined, { events: [{ name: 'go', data: 7 }] });
    expect(result.output).toBe(7);
  });

  it('reports an instance waiting for an event nobody raises as running', async () => {
    const waiter = defineOrchestration('waiter', function* (ctx) {
      return yield* ctx.waitForExternalEvent('never');
    });
    const result = await runner.run(waiter);
    expect(result.status).toBe('running');
    expect(result.waitingFor).toEqual({ kind: 'event', name: 'never' });
  });

  it('delivers activity failures as a catchable TaskFailedError with the details', async () => {
    const catcher = defineOrchestration('catcher', function* (ctx) {
      try {
        yield* ctx.callActivity(fail, 'boom');
        return 'not reached';
      } catch (error) {
        if (!(error instanceof TaskFailedError)) throw error;
        return `${error.taskName}: ${error.errorType}: ${error.errorMessage}`;
      }
    });
    expect((await runner.run(catcher)).output).toBe('fail: RangeError: boom');
  });

  it('fails the instance with the failure details of an unhandled activity error', async () => {
    const uncaught = defineOrchestration('uncaught', function* (ctx) {
      return yield* ctx.callActivity(fail, 'kaput');
    });
    const result = await runner.run(uncaught);
    expect(result.status).toBe('failed');
    expect(result.failure?.errorType).toBe('TaskFailedError');
    expect(result.failure?.errorMessage).toBe("Activity 'fail' failed: RangeError: kaput");
  });

  it('retries a failing activity with exponential backoff in virtual time', async () => {
    let calls = 0;
    const flaky = defineActivity('flaky', () => {
      calls++;
      if (calls < 3) throw new Error(`attempt ${calls} failed`);
      return calls;
    });
    const retrying = defineOrchestration('retrying', function* (ctx) {
      const attempts = yield* ctx.callActivity(flaky, undefined, {
        retry: { maxNumberOfAttempts: 5, firstRetryIntervalInMilliseconds: 1000, backoffCoefficient: 2 },
      });
      return { attempts, at: ctx.currentUtcDateTime.toISOString() };
    });
    const result = await new TestOrchestrationRunner({ activities: [flaky], startTime: START }).run(retrying);
    expect(result.output).toEqual({ attempts: 3, at: '2026-01-01T00:00:03.000Z' });
    expect(
      result.history
        .filter((e) => e.type === 'TimerCreated')
        .map((e) => e.type === 'TimerCreated' && e.fireAt),
    ).toEqual(['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:03.000Z']);
  });

  it('gives up after maxNumberOfAttempts and throws the last failure', async () => {
    const retrying = defineOrchestration('gives_up', function* (ctx) {
      return yield* ctx.callActivity(fail, 'always', {
        retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 10 },
      });
    });
    const result = await runner.run(retrying);
    expect(result.status).toBe('failed');
    expect(result.history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
  });

  it('uses activity overrides instead of the registered activity', async () => {
    const one = defineOrchestration('one', function* (ctx) {
      return yield* ctx.callActivity(sayHello, 'X');
    });
    const result = await runOrchestration(one, undefined, {
      activities: [sayHello],
      activityOverrides: { say_hello: (city: string) => `Hi ${city}` },
    });
    expect(result.output).toBe('Hi X');
  });

  it('runs fan-out with all and returns results in input order', async () => {
    const slowFirst = defineActivity('slow_first', async (n: number) => {
      if (n === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return n * 10;
    });
    const fan = defineOrchestration('fan', function* (ctx) {
      const results = yield* ctx.all([0, 1, 2].map((n) => ctx.callActivity(slowFirst, n)));
      const first = yield* ctx.any([0, 1].map((n) => ctx.callActivity(slowFirst, n)));
      return { results, winner: first.index };
    });
    const result = await new TestOrchestrationRunner({ activities: [slowFirst] }).run(fan);
    expect(result.output).toEqual({ results: [0, 10, 20], winner: 1 });
  });

  it('runs sub-orchestrations in their own virtual time and surfaces their failures', async () => {
    const child = defineOrchestration('child', function* (ctx, city: string) {
      yield* ctx.createTimer({ hours: 1 });
      if (city === 'bad') throw new Error('no bad cities');
      return yield* ctx.callActivity(sayHello, city);
    });
    const parent = defineOrchestration('parent', function* (ctx) {
      const greetings = yield* ctx.all([
        ctx.callSubOrchestration(child, 'A', { instanceId: 'child-a' }),
        ctx.callSubOrchestration(child, 'B'),
      ]);
      try {
        yield* ctx.callSubOrchestration(child, 'bad');
      } catch (error) {
        return {
          greetings,
          error: (error as TaskFailedError).errorMessage,
          at: ctx.currentUtcDateTime.toISOString(),
        };
      }
      return { greetings };
    });
    const result = await new TestOrchestrationRunner({
      activities: [sayHello],
      orchestrations: [child],
      startTime: START,
    }).run(parent);
    expect(result.output).toEqual({
      greetings: ['Hello A!', 'Hello B!'],
      error: 'no bad cities',
      at: '2026-01-01T02:00:00.000Z',
    });
    expect(result.children.map((c) => c.instanceId)).toEqual([
      'child-a',
      'test-instance:0001',
      'test-instance:0002',
    ]);
  });

  it('continues as new with a fresh history until the body returns', async () => {
    const counter = defineOrchestration('counter', function* (ctx, n: number) {
      ctx.setCustomStatus({ n });
      yield* ctx.createTimer({ minutes: 1 });
      if (n < 3) return yield* ctx.continueAsNew(n + 1);
      return n;
    });
    const result = await runner.run(counter, 0);
    expect(result.output).toBe(3);
    expect(result.executions).toBe(4);
    expect(result.customStatus).toEqual({ n: 3 });
    expect(result.customStatusHistory).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(result.history.filter((e) => e.type === 'ContinuedAsNew')).toHaveLength(3);
  });

  it('hands out the same GUIDs on replay and logs only once', async () => {
    const guids = defineOrchestration('guids', function* (ctx) {
      const a = ctx.newGuid();
      ctx.logger.info('first guid', a);
      yield* ctx.createTimer({ seconds: 1 });
      return [a, ctx.newGuid()];
    });
    const result = await runner.run(guids);
    const [a, b] = result.output ?? [];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(result.logs).toEqual([{ level: 'info', message: 'first guid', args: [a] }]);
  });

  it('fails loudly, naming the step, when a replay schedules something else', async () => {
    let runs = 0;
    const flipFlop = defineOrchestration('flip_flop', function* (ctx) {
      yield* ctx.callActivity(sayHello, 'A');
      runs++;
      return yield* ctx.callActivity(sayHello, runs === 1 ? 'B' : 'C');
    });
    const error = await runner.run(flipFlop).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonDeterminismError);
    expect((error as Error).message).toContain(
      "orchestration 'flip_flop' (instance 'test-instance', execution 1): at step 2 the replay scheduled activity 'say_hello' (input \"C\") but the history recorded activity 'say_hello' (input \"B\")",
    );
  });

  it('catches code that branches on isReplaying', async () => {
    const sneaky = defineOrchestration('sneaky', function* (ctx) {
      if (!ctx.isReplaying) yield* ctx.createTimer({ seconds: 1 });
      return 'done';
    });
    await expect(runner.run(sneaky)).rejects.toThrow(
      /at step 1 the replay completed but the history recorded timer/,
    );
  });

  it('delivers events to a sub-orchestration by its instance id, at an absolute virtual time', async () => {
    const child = defineOrchestration('child_waiter', function* (ctx) {
      return yield* ctx.waitForExternalEvent<string>('go');
    });
    const parent = defineOrchestration('parent_of_waiter', function* (ctx) {
      return yield* ctx.callSubOrchestration(child, undefined, { instanceId: 'kid' });
    });
    const result = await new TestOrchestrationRunner({ orchestrations: [child], startTime: START }).run(
      parent,
      undefined,
      {
        events: [{ name: 'go', data: 'now', at: new Date('2026-01-01T05:00:00.000Z'), instanceId: 'kid' }],
      },
    );
    expect(result.output).toBe('now');
    expect(result.finishedAt.toISOString()).toBe('2026-01-01T05:00:00.000Z');
  });

  it('surfaces non-determinism in a sub-orchestration instead of turning it into a task failure', async () => {
    let runs = 0;
    const unstable = defineOrchestration('unstable_child', function* (ctx) {
      runs++;
      return yield* ctx.callActivity(sayHello, runs === 1 ? 'first' : 'second');
    });
    const parent = defineOrchestration('parent_of_unstable', function* (ctx) {
      try {
        return yield* ctx.callSubOrchestration(unstable, undefined);
      } catch {
        return 'swallowed';
      }
    });
    await expect(
      new TestOrchestrationRunner({ orchestrations: [unstable], activities: [sayHello] }).run(parent),
    ).rejects.toThrow(NonDeterminismError);
  });
});
