/* eslint-disable require-yield -- lock bodies that only return are what the rules are tested with */
import {
  defineEntity,
  defineOrchestration,
  EntityOperationFailedError,
  LockingRulesViolationError,
  TaskFailedError,
} from '../index.js';
import {
  catchesEntityFailure,
  conformanceEntities,
  entityRoundTrip,
  entityRoundTripOutput,
  NonDeterminismError,
  TestOrchestrationRunner,
} from './index.js';

const counter = defineEntity('counter', {
  initialState: 0,
  operations: {
    add: (ctx, amount: number) => {
      ctx.state += amount;
    },
    reset: (ctx) => {
      ctx.state = 0;
    },
    get: (ctx) => ctx.state,
    fail: (ctx, message: string): number => {
      ctx.state += 1000; // rolled back
      throw new RangeError(message);
    },
  },
});

const account = defineEntity('account', {
  initialState: () => ({ balance: 0 }),
  operations: {
    deposit: (ctx, amount: number) => {
      ctx.state.balance += amount;
      return ctx.state.balance;
    },
    withdraw: (ctx, amount: number) => {
      if (amount > ctx.state.balance)
        throw new Error(`Insufficient funds: balance ${ctx.state.balance}, asked ${amount}`);
      ctx.state.balance -= amount;
      return ctx.state.balance;
    },
    balance: (ctx) => ctx.state.balance,
  },
});

/** Forwards to a counter, at once or later, and can delete itself. */
const relay = defineEntity('relay', {
  initialState: { forwarded: 0 },
  operations: {
    forward: (ctx, request: { key: string; amount: number; afterMinutes?: number }) => {
      ctx.state.forwarded += 1;
      const options =
        request.afterMinutes === undefined ? undefined : { at: { minutes: request.afterMinutes } };
      ctx.signalEntity(counter, request.key, 'add', request.amount, options);
      return ctx.entityId;
    },
    close: (ctx) => ctx.deleteState(),
    huge: (ctx) => {
      ctx.state = { forwarded: 'x'.repeat(1024 * 1024) as unknown as number };
    },
  },
});

const START = new Date('2026-01-01T00:00:00.000Z');
const newRunner = () =>
  new TestOrchestrationRunner({ entities: [counter, account, relay], startTime: START });

describe('entities in the test runner', () => {
  it('applies signals in order and reads the state (counter@k1 add 5 twice gives 10)', async () => {
    const runner = newRunner();
    await runner.signalEntity(counter, 'k1', 'add', 5);
    await runner.signalEntity(counter, 'k1', 'add', 5);
    expect(runner.entityState(counter, 'k1')).toBe(10);
    expect(await runner.callEntity(counter, 'k1', 'get')).toBe(10);
    expect(runner.entityState(counter, 'other')).toBeUndefined();
  });

  it('starts from the initial state and creates the entity only when an operation changes it', async () => {
    const runner = newRunner();
    expect(await runner.callEntity(account, 'ana', 'balance')).toBe(0);
    expect(runner.entityState(account, 'ana')).toBeUndefined();
    expect(await runner.callEntity(account, 'ana', 'deposit', 30)).toBe(30);
    expect(runner.entityState(account, 'ana')).toEqual({ balance: 30 });
  });

  it('rolls back the state of a failed operation and reports the entity message to the caller', async () => {
    const runner = newRunner();
    await runner.signalEntity(counter, 'k', 'add', 1);
    const failure = await runner.callEntity(counter, 'k', 'fail', 'nope').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EntityOperationFailedError);
    expect(failure).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'nope',
      operationName: 'fail',
      entityId: { name: 'counter', key: 'k' },
      message: "Operation 'fail' of entity '@counter@k' failed: RangeError: nope",
    });
    expect(runner.entityState(counter, 'k')).toBe(1);
  });

  it('refuses an unknown operation naming the known ones, and an unknown entity naming the registered ones', async () => {
    const runner = newRunner();
    const unknownOperation = await runner
      .callEntity(counter, 'k', 'ad' as 'add', 1)
      .catch((e: Error) => e.message);
    expect(unknownOperation).toBe(
      "Operation 'ad' of entity '@counter@k' failed: UnknownEntityOperation: Entity 'counter' has no operation 'ad'. Known operations: add, reset, get, fail, delete.",
    );
    const ghost = defineEntity('ghost', { initialState: 0, operations: { boo: () => 1 } });
    const unknownEntity = await runner.callEntity(ghost, 'g', 'boo').catch((e: Error) => e.message);
    expect(unknownEntity).toContain(
      "No entity named 'ghost' is registered with the test runner (known: counter, account, relay)",
    );
  });

  it('refuses state over 1 MB, naming the rule, and keeps the old state', async () => {
    const runner = newRunner();
    await runner.signalEntity(relay, 'r', 'forward', { key: 'k', amount: 1 });
    const message = await runner.callEntity(relay, 'r', 'huge').catch((e: Error) => e.message);
    expect(message).toMatch(
      /EntityStateTooLarge: Operation 'huge' would make the state of entity '@relay@r' \d+ bytes; DTS limits entity state, like every payload, to 1048576 bytes \(1 MB\)/,
    );
    expect(runner.entityState(relay, 'r')).toEqual({ forwarded: 1 });
  });

  it('lets an entity signal another, at once or after a delay in virtual time, and delete itself', async () => {
    const runner = newRunner();
    expect(await runner.callEntity(relay, 'r', 'forward', { key: 'now', amount: 2 })).toEqual({
      name: 'relay',
      key: 'r',
    });
    await runner.signalEntity(relay, 'r', 'forward', { key: 'later', amount: 3, afterMinutes: 90 });
    expect(runner.entityState(counter, 'now')).toBe(2);
    expect(runner.entityState(counter, 'later')).toBe(3);
    expect(runner.entityState(relay, 'r')).toEqual({ forwarded: 2 });
    await runner.signalEntity(relay, 'r', 'close');
    expect(runner.entityState(relay, 'r')).toBeUndefined();
    await runner.signalEntity(counter, 'now', 'delete');
    expect(runner.entityState(counter, 'now')).toBeUndefined();
  });

  it('lists signals whose operation failed, since no caller hears about them', async () => {
    const runner = newRunner();
    await runner.signalEntity(account, 'bo', 'withdraw', 5);
    expect(runner.failedSignals).toEqual([
      {
        entity: '@account@bo',
        operation: 'withdraw',
        input: 5,
        failure: expect.objectContaining({ errorMessage: 'Insufficient funds: balance 0, asked 5' }),
      },
    ]);
  });
});

describe('entities from orchestrations', () => {
  const fanOut = defineOrchestration('fan_out_signals', function* (ctx, n: number) {
    for (let i = 1; i <= n; i++) ctx.signalEntity(counter, 'total', 'add', i);
    return yield* ctx.callEntity(counter, 'total', 'get');
  });

  it('sees its own signals before a later call to the same entity', async () => {
    const runner = newRunner();
    const result = await runner.run(fanOut, 4);
    expect(result.output).toBe(10);
    expect(result.entities).toEqual({ '@counter@total': 10 });
    expect(result.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      ...Array(4).fill('EntityOperationSignaled'),
      'EntityOperationCalled',
      'EntityOperationCompleted',
      'ExecutionCompleted',
    ]);
  });

  it('delivers a scheduled signal at its virtual time, after a call made before it', async () => {
    const later = defineOrchestration('scheduled_signal', function* (ctx) {
      ctx.signalEntity(counter, 's', 'add', 7, { at: { hours: 1 } });
      const before = yield* ctx.callEntity(counter, 's', 'get');
      yield* ctx.createTimer({ hours: 2 });
      const after = yield* ctx.callEntity(counter, 's', 'get');
      return { before, after };
    });
    const result = await newRunner().run(later);
    expect(result.output).toEqual({ before: 0, after: 7 });
    expect(result.history).toContainEqual(
      expect.objectContaining({ type: 'EntityOperationSignaled', scheduledTime: '2026-01-01T01:00:00.000Z' }),
    );
  });

  it('throws a failed entity call into the orchestration as a catchable TaskFailedError', async () => {
    const careful = defineOrchestration('careful', function* (ctx) {
      try {
        return yield* ctx.callEntity(account, 'empty', 'withdraw', 50);
      } catch (error) {
        return error instanceof TaskFailedError ? `${error.taskKind}: ${error.errorMessage}` : 'other';
      }
    });
    expect((await newRunner().run(careful)).output).toBe('entity: Insufficient funds: balance 0, asked 50');
  });

  const transfer = defineOrchestration(
    'transfer',
    function* (ctx, t: { from: string; to: string; amount: number }) {
      return yield* ctx.lock([account.id(t.from), account.id(t.to)], function* () {
        const balance = yield* ctx.callEntity(account, t.from, 'balance');
        if (balance < t.amount) return { transferred: false, balance };
        yield* ctx.all([
          ctx.callEntity(account, t.from, 'withdraw', t.amount),
          ctx.callEntity(account, t.to, 'deposit', t.amount),
        ]);
        return { transferred: true, locked: ctx.lockedEntities.map((e) => e.key) };
      });
    },
  );

  it('runs a critical section: locks sorted, calls inside, released afterwards', async () => {
    const runner = newRunner();
    await runner.signalEntity(account, 'zoe', 'deposit', 100);
    const result = await runner.run(transfer, { from: 'zoe', to: 'amy', amount: 30 });
    expect(result.output).toEqual({ transferred: true, locked: ['amy', 'zoe'] });
    expect(result.entities).toEqual({ '@account@amy': { balance: 30 }, '@account@zoe': { balance: 70 } });
    expect(result.history).toContainEqual(
      expect.objectContaining({ type: 'EntityLockRequested', entities: ['@account@amy', '@account@zoe'] }),
    );
    expect(result.history).toContainEqual(
      expect.objectContaining({ type: 'EntityUnlockSent', entities: ['@account@amy', '@account@zoe'] }),
    );
    const refused = await runner.run(transfer, { from: 'amy', to: 'zoe', amount: 31 });
    expect(refused.output).toEqual({ transferred: false, balance: 30 });
    // Released on every path: a signal after the sections reaches the entity.
    await runner.signalEntity(account, 'amy', 'deposit', 1);
    expect(runner.entityState(account, 'amy')).toEqual({ balance: 31 });
  });

  it('releases the locks when the body throws', async () => {
    const throws = defineOrchestration('throws_in_section', function* (ctx) {
      yield* ctx.lock([counter.id('x')], function* () {
        yield* ctx.callEntity(counter, 'x', 'add', 1);
        throw new Error('bail out');
      });
    });
    const runner = newRunner();
    const result = await runner.run(throws);
    expect(result.status).toBe('failed');
    expect(result.failure?.errorMessage).toBe('bail out');
    expect(result.history.at(-2)).toMatchObject({ type: 'EntityUnlockSent', entities: ['@counter@x'] });
    await runner.signalEntity(counter, 'x', 'add', 1);
    expect(runner.entityState(counter, 'x')).toBe(2);
  });

  it('holds back other senders while an entity is locked by an instance that never finishes', async () => {
    const holder = defineOrchestration('holder', function* (ctx) {
      yield* ctx.lock([counter.id('held')], function* () {
        yield* ctx.waitForExternalEvent('never');
      });
    });
    const runner = newRunner();
    expect((await runner.run(holder)).status).toBe('running');
    await runner.signalEntity(counter, 'held', 'add', 1);
    expect(runner.entityState(counter, 'held')).toBeUndefined();
    const blocked = await runner.run(transfer, { from: 'a', to: 'b', amount: 1 });
    expect(blocked.status).toBe('completed');
    const locker = defineOrchestration('locker', function* (ctx) {
      return yield* ctx.lock([counter.id('held')], function* () {
        return 'got it';
      });
    });
    const waiting = await runner.run(locker);
    expect(waiting.status).toBe('running');
    expect(waiting.waitingFor).toEqual({ kind: 'lock', entities: [{ name: 'counter', key: 'held' }] });
  });

  describe('the locking rules, each a catchable LockingRulesViolationError', () => {
    const attempt = (name: string, inside: Parameters<typeof defineOrchestration>[1]) =>
      defineOrchestration(name, function* (ctx) {
        try {
          return yield* ctx.lock([account.id('a'), account.id('b')], () => inside(ctx, undefined as never));
        } catch (error) {
          return error instanceof LockingRulesViolationError
            ? error.message
            : `not a rule violation: ${String(error)}`;
        }
      });
    const cases: [string, Parameters<typeof defineOrchestration>[1], string][] = [
      [
        'no nested critical sections',
        function* (ctx) {
          return yield* ctx.lock([counter.id('c')], function* () {
            return 1;
          });
        },
        "Cannot lock '@counter@c' inside the critical section that holds '@account@a', '@account@b': critical sections do not nest. Lock every entity you need in one ctx.lock([...]).",
      ],
      [
        'no calls to an entity that is not locked',
        function* (ctx) {
          return yield* ctx.callEntity(counter, 'c', 'get');
        },
        "Cannot call entity '@counter@c' inside a critical section that locks only '@account@a', '@account@b': lock it too, or call it after the section.",
      ],
      [
        'no two calls to one locked entity at once',
        function* (ctx) {
          return yield* ctx.all([
            ctx.callEntity(account, 'a', 'balance'),
            ctx.callEntity(account, 'a', 'balance'),
          ]);
        },
        "Cannot call entity '@account@a' twice at once inside a critical section: a locked entity takes one call at a time. Call it again after the first call returns.",
      ],
      [
        'no signals to a locked entity',
        function* (ctx) {
          ctx.signalEntity(account, 'b', 'deposit', 1);
          yield* ctx.createTimer({ seconds: 1 });
          return 1;
        },
        "Cannot signal entity '@account@b' inside the critical section that locks it: use yield* ctx.callEntity(...) while it is locked, or signal it after the section.",
      ],
      [
        'no sub-orchestrations',
        function* (ctx) {
          return yield* ctx.callSubOrchestration(fanOut, 1);
        },
        "Cannot call sub-orchestration 'fan_out_signals' inside a critical section (it holds '@account@a', '@account@b'): the child could wait for those locks forever. Call it before or after ctx.lock(...).",
      ],
    ];
    it.each(cases)('%s', async (title, inside, message) => {
      const runner = newRunner();
      const result = await runner.run(attempt(title.replace(/ /g, '_'), inside));
      expect(result.output).toBe(message);
      // The section still released its locks.
      expect(result.history.at(-2)).toMatchObject({ type: 'EntityUnlockSent' });
    });

    it('allows signals to other entities and calls to locked ones in parallel', async () => {
      const ok = attempt('allowed', function* (ctx) {
        ctx.signalEntity(counter, 'outside', 'add', 1);
        return yield* ctx.all([
          ctx.callEntity(account, 'a', 'balance'),
          ctx.callEntity(account, 'b', 'balance'),
        ]);
      });
      const runner = newRunner();
      expect((await runner.run(ok)).output).toEqual([0, 0]);
      expect(runner.entityState(counter, 'outside')).toBe(1);
    });

    it('needs at least one entity to lock', async () => {
      const empty = defineOrchestration('empty_lock', function* (ctx) {
        return yield* ctx.lock([], function* () {
          return 1;
        });
      });
      const result = await newRunner().run(empty);
      expect(result.failure?.errorMessage).toMatch(/^ctx\.lock needs at least one entity to lock/);
    });
  });

  it('catches an orchestration whose signals differ on replay', async () => {
    let calls = 0;
    const flaky = defineOrchestration('flaky_signals', function* (ctx) {
      ctx.signalEntity(counter, 'f', 'add', calls++);
      yield* ctx.createTimer({ seconds: 1 });
      return 'done';
    });
    await expect(newRunner().run(flaky)).rejects.toThrow(NonDeterminismError);
    await expect(newRunner().run(flaky)).rejects.toThrow(
      /at step 1 the replay sent a signal to entity '@counter@f' operation 'add' \(input \d+\) but the history recorded a signal to entity '@counter@f' operation 'add' \(input \d+\)/,
    );
  });
});

describe('the entity conformance definitions on the runner', () => {
  const runner = () =>
    new TestOrchestrationRunner({ entities: conformanceEntities, startTime: new Date('2026-01-01T00:00:00Z') });

  it('entity_round_trip gives the output every adapter must give', async () => {
    expect((await runner().run(entityRoundTrip, undefined, { instanceId: 'rt' })).output).toEqual(entityRoundTripOutput);
  });

  it('catches_entity_failure reports the failure and the state after the rollback', async () => {
    expect((await runner().run(catchesEntityFailure, undefined, { instanceId: 'cf' })).output).toEqual({
      kind: 'entity',
      entity: { name: 'ledger', key: 'cf' },
      operation: 'spend',
      errorType: 'RangeError',
      errorMessage: 'cannot spend 5, the ledger holds 3',
      balance: 2,
    });
  });
});
