import {
  defineActivity,
  defineOrchestration,
  nextRetryDelay,
  OrchestrationRun,
  validateRetryPolicy,
} from './index.js';

describe('RetryPolicy', () => {
  it('backs off exponentially from the first interval, capped by the max interval', () => {
    const policy = {
      maxNumberOfAttempts: 6,
      firstRetryIntervalInMilliseconds: 1000,
      backoffCoefficient: 2,
      maxRetryIntervalInMilliseconds: 5000,
    };
    expect([1, 2, 3, 4, 5].map((attempts) => nextRetryDelay(policy, attempts, 0))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect(nextRetryDelay(policy, 6, 0)).toBeUndefined();
  });

  it('gives up when the next delay would pass the retry timeout', () => {
    const policy = {
      maxNumberOfAttempts: 10,
      firstRetryIntervalInMilliseconds: 1000,
      retryTimeoutInMilliseconds: 2500,
    };
    expect(nextRetryDelay(policy, 1, 0)).toBe(1000);
    expect(nextRetryDelay(policy, 2, 1000)).toBe(1000);
    expect(nextRetryDelay(policy, 3, 2000)).toBeUndefined();
  });

  it('rejects invalid policies with the field and the value', () => {
    expect(() =>
      validateRetryPolicy({ maxNumberOfAttempts: 0, firstRetryIntervalInMilliseconds: 1 }),
    ).toThrow('RetryPolicy.maxNumberOfAttempts must be a positive integer, got 0.');
    expect(() =>
      validateRetryPolicy({ maxNumberOfAttempts: 2, firstRetryIntervalInMilliseconds: -5 }),
    ).toThrow('RetryPolicy.firstRetryIntervalInMilliseconds must be a positive number, got -5.');
    expect(() =>
      validateRetryPolicy({
        maxNumberOfAttempts: 2,
        firstRetryIntervalInMilliseconds: 5,
        backoffCoefficient: 0.5,
      }),
    ).toThrow('backoffCoefficient must be >= 1');
  });

  it('travels with the activity Command so every host can honour it', () => {
    const act = defineActivity('act', () => 1);
    const retrying = defineOrchestration('retrying', function* (ctx) {
      return yield* ctx.callActivity(act, undefined, {
        retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 100 },
      });
    });
    const step = new OrchestrationRun(
      retrying,
      {
        instanceId: 'i',
        currentUtcDateTime: () => new Date(0),
        isReplaying: () => false,
        newGuid: () => 'g',
        setCustomStatus: () => undefined,
        signalEntity: () => undefined,
        releaseLocks: () => undefined,
      },
      undefined,
    ).start();
    expect(step).toEqual({
      kind: 'schedule',
      command: {
        kind: 'activity',
        name: 'act',
        input: undefined,
        retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 100 },
      },
    });
  });
});
