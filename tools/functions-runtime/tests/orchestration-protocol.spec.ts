import * as df from 'durable-functions';
import testingUtils from 'durable-functions/lib/src/util/testingUtils.js';
import { describe, expect, it } from 'vitest';
import { DtfxEventType } from '../src/durable/dtfx-history.js';
import { runOrchestration, type RunOptions, type ShimHandler } from './support/in-memory-episodes.js';

// durable-functions' own orchestrator shim (the callback df.app.orchestration registers).
const shim = (fn: (context: df.OrchestrationContext) => Generator<unknown, unknown, unknown>): ShimHandler =>
  (testingUtils as unknown as { createOrchestrator: (f: unknown) => ShimHandler }).createOrchestrator(fn);
const newContext = () => new testingUtils.DummyOrchestrationContext('test', 'inv', () => undefined);

const sayHello = (city: unknown) => `Hello ${String(city)}!`;
const CITIES = ['Tokyo', 'Seattle', 'London'];

function options(orchestrations: RunOptions['orchestrations'], extra: Partial<RunOptions> = {}): RunOptions {
  let flaky = 0;
  return {
    orchestrations,
    activities: {
      say_hello: sayHello,
      flaky: (city) => {
        flaky++;
        if (flaky <= 2) throw new Error(`Transient failure ${flaky}`);
        return `${sayHello(city)} after ${flaky}`;
      },
      always_fails: () => {
        throw new Error('boom');
      },
    },
    newContext,
    ...extra,
  };
}

const chaining = shim(function* (context) {
  const results: unknown[] = [];
  for (const city of CITIES) results.push(yield context.df.callActivity('say_hello', city));
  return results;
});

describe('orchestration protocol through the durable-functions shim', () => {
  it('runs a chaining orchestration to the seed output with one activity per episode', async () => {
    const result = await runOrchestration('chaining', undefined, options({ chaining }));
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    const scheduled = result.histories[0].filter((e) => e.EventType === DtfxEventType.TaskScheduled);
    expect(scheduled.map((e) => [e.EventId, e.Input])).toEqual([
      [0, '"Tokyo"'],
      [1, '"Seattle"'],
      [2, '"London"'],
    ]);
  });

  it('fans out in parallel and returns results in input order', async () => {
    const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'];
    const fanOut = shim(function* (context) {
      return yield context.df.Task.all(cities.map((city) => context.df.callActivity('say_hello', city)));
    });
    const result = await runOrchestration('fanOut', undefined, options({ fanOut }));
    expect(result.output).toEqual(cities.map(sayHello));
    expect(result.episodes).toBeLessThanOrEqual(3);
  });

  it('schedules every action only once across replays', async () => {
    const mixed = shim(function* (context) {
      const first = yield context.df.callActivity('say_hello', 'A');
      const both = yield context.df.Task.all([context.df.callActivity('say_hello', 'B'), context.df.callActivity('say_hello', 'C')]);
      const last = yield context.df.callActivity('say_hello', 'D');
      return [first, ...(both as string[]), last];
    });
    const result = await runOrchestration('mixed', undefined, options({ mixed }));
    expect(result.output).toEqual(['Hello A!', 'Hello B!', 'Hello C!', 'Hello D!']);
    const ids = result.histories[0].filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => e.EventId);
    expect(ids).toEqual([0, 1, 2, 3]);
  });

  it('fires durable timers at their fireAt on virtual time', async () => {
    const timer = shim(function* (context) {
      const start = context.df.currentUtcDateTime.getTime();
      yield context.df.createTimer(new Date(start + 60_000));
      return context.df.currentUtcDateTime.getTime() - start;
    });
    const result = await runOrchestration('timer', undefined, options({ timer }));
    expect(result.output).toBe(60_000);
  });

  it('retries a failing activity with DTFx retry timers and the shim sees the success', async () => {
    const retry = shim(function* (context) {
      return yield context.df.callActivityWithRetry('flaky', new df.RetryOptions(1000, 4), 'Tokyo');
    });
    const result = await runOrchestration('retry', undefined, options({ retry }));
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toBe('Hello Tokyo! after 3');
    const history = result.histories[0];
    // attempt 0 fails → timer 1 → attempt 2 fails → timer 3 → attempt 4 succeeds
    expect(history.filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => e.EventId)).toEqual([0, 2, 4]);
    expect(history.filter((e) => e.EventType === DtfxEventType.TimerCreated).map((e) => e.EventId)).toEqual([1, 3]);
  });

  it('applies the backoff coefficient to retry delays', async () => {
    const retry = shim(function* (context) {
      const options = new df.RetryOptions(1000, 4);
      options.backoffCoefficient = 2;
      const start = context.df.currentUtcDateTime.getTime();
      yield context.df.callActivityWithRetry('flaky', options, 'Tokyo');
      return context.df.currentUtcDateTime.getTime() - start;
    });
    const result = await runOrchestration('retry', undefined, options({ retry }));
    expect(result.output).toBe(1000 + 2000);
  });

  it('surfaces the last failure after the retry attempts run out', async () => {
    const retry = shim(function* (context) {
      try {
        yield context.df.callActivityWithRetry('always_fails', new df.RetryOptions(500, 2), null);
        return 'unexpected';
      } catch (error) {
        return (error as df.TaskFailedError).failureDetails?.errorMessage ?? (error as Error).message;
      }
    });
    const result = await runOrchestration('retry', undefined, options({ retry }));
    expect(result.output).toBe('boom');
    const timers = result.histories[0].filter((e) => e.EventType === DtfxEventType.TimerCreated).map((e) => e.EventId);
    expect(timers).toEqual([1, 3]); // the second one is DTFx's immediate "dummy timer" after the last attempt
  });

  it('does not retry at all with a maxRetryIntervalInMilliseconds of 0, as DTFx stops at a zero delay', async () => {
    const noRetry = shim(function* (context) {
      const retryOptions = new df.RetryOptions(1000, 5);
      retryOptions.maxRetryIntervalInMilliseconds = 0;
      yield context.df.callActivityWithRetry('always_fails', retryOptions, null);
    });
    const result = await runOrchestration('noRetry', undefined, options({ noRetry }));
    expect(result.status).toBe('FAILED');
    expect(result.failureMessage).toContain('boom');
    expect(result.histories[0].filter((e) => e.EventType === DtfxEventType.TaskScheduled)).toHaveLength(1);
    expect(result.histories[0].filter((e) => e.EventType === DtfxEventType.TimerCreated)).toHaveLength(0);
  });

  describe('retryTimeoutInMilliseconds (DTFx RetryInterceptor)', () => {
    const timedRetry = (catchIt: boolean) =>
      shim(function* (context) {
        const retryOptions = new df.RetryOptions(1000, 10);
        retryOptions.retryTimeoutInMilliseconds = 2500;
        const start = context.df.currentUtcDateTime.getTime();
        try {
          yield context.df.callActivityWithRetry('always_fails', retryOptions, null);
          return 'unexpected';
        } catch (error) {
          if (!catchIt) throw error;
          const message = (error as df.TaskFailedError).failureDetails?.errorMessage ?? (error as Error).message;
          const next = yield context.df.callActivity('say_hello', 'Oslo');
          return { message, elapsed: context.df.currentUtcDateTime.getTime() - start, next };
        }
      });

    it('stops retrying once the timeout has passed since the first attempt and surfaces the last failure', async () => {
      const result = await runOrchestration('retry', undefined, options({ retry: timedRetry(true) }));
      expect(result.status).toBe('COMPLETED');
      // Attempts at 0, 1000, 2000 and 3000 ms; the failure at 3000 is past 2500, so no timer after it.
      expect(result.output).toEqual({ message: 'boom', elapsed: 3000, next: 'Hello Oslo!' });
      const history = result.histories[0];
      expect(history.filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => e.Name)).toEqual([
        'always_fails',
        'always_fails',
        'always_fails',
        'always_fails',
        'say_hello',
      ]);
      expect(history.filter((e) => e.EventType === DtfxEventType.TimerCreated)).toHaveLength(3);
    });

    it('fails the orchestration with that failure when the orchestrator does not catch it', async () => {
      const result = await runOrchestration('retry', undefined, options({ retry: timedRetry(false) }));
      expect(result.status).toBe('FAILED');
      expect(result.failureMessage).toContain('boom');
      expect(result.histories[0].filter((e) => e.EventType === DtfxEventType.TaskScheduled)).toHaveLength(4);
    });

    it('does not retry at all with a timeout of 0', async () => {
      const noRetry = shim(function* (context) {
        const retryOptions = new df.RetryOptions(1000, 5);
        retryOptions.retryTimeoutInMilliseconds = 0;
        yield context.df.callActivityWithRetry('always_fails', retryOptions, null);
      });
      const result = await runOrchestration('noRetry', undefined, options({ noRetry }));
      expect(result.status).toBe('FAILED');
      expect(result.histories[0].filter((e) => e.EventType === DtfxEventType.TaskScheduled)).toHaveLength(1);
      expect(result.histories[0].filter((e) => e.EventType === DtfxEventType.TimerCreated)).toHaveLength(0);
    });
  });

  it('runs sub-orchestrations and returns their outputs', async () => {
    const parent = shim(function* (context) {
      return yield context.df.Task.all([
        context.df.callSubOrchestrator('chaining', undefined, 'child-a'),
        context.df.callSubOrchestrator('chaining'),
      ]);
    });
    const result = await runOrchestration('parent', undefined, options({ parent, chaining }));
    expect(result.output).toEqual([CITIES.map(sayHello), CITIES.map(sayHello)]);
    const created = result.histories[0].filter((e) => e.EventType === DtfxEventType.SubOrchestrationInstanceCreated);
    expect(created.map((e) => e.InstanceId)).toEqual(['child-a', 'exec1:0001']);
  });

  it('races an external event against a timer: the event wins', async () => {
    const approval = shim(function* (context) {
      const deadline = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 3_600_000));
      const event = context.df.waitForExternalEvent('approval');
      context.df.setCustomStatus({ waitingFor: 'approval' });
      const winner = yield context.df.Task.any([event, deadline]);
      context.df.setCustomStatus(null);
      if (winner === event) {
        deadline.cancel();
        return { outcome: 'approved', by: event.result };
      }
      return { outcome: 'timed_out' };
    });
    const approved = await runOrchestration('approval', undefined, options({ approval }, { events: [{ at: 5_000, name: 'approval', data: 'ana' }] }));
    expect(approved.output).toEqual({ outcome: 'approved', by: 'ana' });
    expect(approved.customStatuses).toContainEqual({ waitingFor: 'approval' });
    const timedOut = await runOrchestration('approval', undefined, options({ approval }));
    expect(timedOut.output).toEqual({ outcome: 'timed_out' });
  });

  it('continues as new with the new input until done', async () => {
    const counter = shim(function* (context) {
      const n = (context.df.getInput() as number | null) ?? 0;
      yield context.df.callActivity('say_hello', `round ${n}`);
      if (n < 2) {
        context.df.continueAsNew(n + 1);
        return undefined;
      }
      return n;
    });
    const result = await runOrchestration('counter', 0, options({ counter }));
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toBe(2);
    expect(result.generations).toBe(3);
  });

  it('fails the orchestration with the thrown message', async () => {
    const failing = shim(function* (context) {
      yield context.df.callActivity('say_hello', 'Tokyo');
      throw new Error('kaboom');
    });
    const result = await runOrchestration('failing', undefined, options({ failing }));
    expect(result.status).toBe('FAILED');
    expect(result.failureMessage).toBe('kaboom');
  });

  it('lets an orchestrator catch an activity failure and carry on', async () => {
    const catching = shim(function* (context) {
      try {
        yield context.df.callActivity('always_fails', null);
      } catch (error) {
        const fallback = yield context.df.callActivity('say_hello', 'fallback');
        return [(error as df.TaskFailedError).failureDetails?.errorMessage, fallback];
      }
      return 'unexpected';
    });
    const result = await runOrchestration('catching', undefined, options({ catching }));
    expect(result.output).toEqual(['boom', 'Hello fallback!']);
  });

  describe('numbering when a retry and a newly yielded task share an episode', () => {
    const race = (retryFirst: boolean) =>
      shim(function* (context) {
        const retrying = context.df.callActivityWithRetry('always_fails', new df.RetryOptions(1000, 2), null);
        const quick = context.df.callActivity('say_hello', 'quick');
        const winner = yield context.df.Task.any(retryFirst ? [retrying, quick] : [quick, retrying]);
        const after = yield context.df.callActivity('say_hello', 'after');
        return [winner === quick ? 'quick' : 'retrying', after];
      });

    it('numbers the retry timer first when the failure replays first', async () => {
      const result = await runOrchestration('race', undefined, options({ race: race(true) }));
      expect(result.output).toEqual(['quick', 'Hello after!']);
      const history = result.histories[0];
      expect(history.filter((e) => e.EventType === DtfxEventType.TimerCreated).map((e) => e.EventId)).toEqual([2]);
      expect(history.filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => [e.EventId, e.Name])).toEqual([
        [0, 'always_fails'],
        [1, 'say_hello'],
        [3, 'say_hello'],
      ]);
    });

    it('numbers the newly yielded task first when the winner replays first', async () => {
      const result = await runOrchestration('race', undefined, options({ race: race(false) }));
      expect(result.output).toEqual(['quick', 'Hello after!']);
      const history = result.histories[0];
      expect(history.filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => [e.EventId, e.Name])).toEqual([
        [0, 'say_hello'],
        [1, 'always_fails'],
        [2, 'say_hello'],
      ]);
      expect(history.filter((e) => e.EventType === DtfxEventType.TimerCreated).map((e) => e.EventId)).toEqual([3]);
    });
  });

  it('delivers an event that arrives before anyone waits for it', async () => {
    const early = shim(function* (context) {
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 10_000));
      return yield context.df.waitForExternalEvent('go');
    });
    const result = await runOrchestration('early', undefined, options({ early }, { events: [{ at: 1_000, name: 'go', data: 42 }] }));
    expect(result.output).toBe(42);
  });

  it('fails a parent whose sub-orchestration fails, with the child error', async () => {
    const failingChild = shim(function* (context) {
      yield context.df.callActivity('say_hello', 'child');
      throw new Error('child broke');
    });
    const parent = shim(function* (context) {
      try {
        yield context.df.callSubOrchestrator('failingChild', undefined, 'child-x');
        return 'unexpected';
      } catch (error) {
        return (error as df.TaskFailedError).failureDetails?.errorMessage;
      }
    });
    const result = await runOrchestration('parent', undefined, options({ parent, failingChild }));
    expect(result.output).toBe('child broke');
  });

  it('runs callHttp and follows 202 + Location polling with timers', async () => {
    const calls: string[] = [];
    let polls = 0;
    const httpActivity = (input: unknown) => {
      // DTFx's parameter array, as the extension's HTTP activity receives it.
      const [{ method, uri }] = input as { method: string; uri: string }[];
      calls.push(`${method} ${uri}`);
      if (uri === 'https://api.test/start') return { statusCode: 202, content: '', headers: { Location: 'https://api.test/status', 'Retry-After': '5' } };
      polls++;
      return polls < 2
        ? { statusCode: 202, content: '', headers: { Location: 'https://api.test/status' } }
        : { statusCode: 200, content: 'done', headers: {} };
    };
    const caller = shim(function* (context) {
      const start = context.df.currentUtcDateTime.getTime();
      const response = (yield context.df.callHttp({ method: 'POST', url: 'https://api.test/start', body: { a: 1 } })) as { statusCode: number; content: string };
      return [response.statusCode, response.content, context.df.currentUtcDateTime.getTime() - start];
    });
    const run = options({ caller });
    run.activities['BuiltIn::HttpActivity'] = httpActivity;
    const result = await runOrchestration('caller', undefined, run);
    // Retry-After 5 s, then the shim's default 30 s between polls
    expect(result.output).toEqual([200, 'done', 35_000]);
    expect(calls).toEqual(['POST https://api.test/start', 'GET https://api.test/status', 'GET https://api.test/status']);
    const history = result.histories[0];
    expect(history.filter((e) => e.EventType === DtfxEventType.TaskScheduled).map((e) => e.EventId)).toEqual([0, 2, 4]);
    expect(history.filter((e) => e.EventType === DtfxEventType.TimerCreated).map((e) => e.EventId)).toEqual([1, 3]);
  });
});
