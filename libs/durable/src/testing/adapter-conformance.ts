// Definitions that pin how an adapter maps failures and races onto its SDK (not product workflows).
// Every adapter's contract tests run them, so a failure reads the same on every host.
import { defineActivity, defineOrchestration } from '../definitions.js';
import { defineEntity } from '../entity-definition.js';
import { EntityOperationFailedError, LockingRulesViolationError } from '../entity-errors.js';
import { TaskFailedError } from '../task-failed-error.js';

/** An activity that always fails with a RangeError carrying its input. */
export const explode = defineActivity('explode', (message: string): string => {
  throw new RangeError(message);
});

/** Catches an activity failure and reports what the TaskFailedError carries. */
export const catchesFailure = defineOrchestration('catches_failure', function* (ctx) {
  try {
    return yield* ctx.callActivity(explode, 'boom');
  } catch (error) {
    if (!(error instanceof TaskFailedError)) return `not a TaskFailedError: ${String(error)}`;
    return {
      kind: error.taskKind,
      name: error.taskName,
      errorType: error.errorType,
      errorMessage: error.errorMessage,
      hasStack: !!error.stackTrace,
    };
  }
});

/** Lets an activity failure fail the instance. */
export const failsUncaught = defineOrchestration('fails_uncaught', function* (ctx) {
  return yield* ctx.callActivity(explode, 'kaput');
});

/** `all` over two failing activities: the first failure in input order is reported. */
export const allWithFailure = defineOrchestration('all_with_failure', function* (ctx) {
  try {
    yield* ctx.all([ctx.callActivity(explode, 'first'), ctx.callActivity(explode, 'second')]);
    return 'not reached';
  } catch (error) {
    return (error as TaskFailedError).errorMessage;
  }
});

/** `any` whose winner failed: the failure is thrown. */
export const anyWithFailingWinner = defineOrchestration('any_with_failing_winner', function* (ctx) {
  try {
    yield* ctx.any([ctx.callActivity(explode, 'fast failure'), ctx.createTimer({ hours: 1 })]);
    return 'not reached';
  } catch (error) {
    return (error as TaskFailedError).errorMessage;
  }
});

/** A sub-orchestration that throws after a timer. */
export const failingChild = defineOrchestration('failing_child', function* (ctx) {
  yield* ctx.createTimer({ seconds: 1 });
  throw new TypeError('child broke');
});

/** Catches a failed sub-orchestration and reports what the TaskFailedError carries. */
export const catchesChildFailure = defineOrchestration('catches_child_failure', function* (ctx) {
  try {
    return yield* ctx.callSubOrchestration(failingChild, undefined);
  } catch (error) {
    const failure = error as TaskFailedError;
    return {
      kind: failure.taskKind,
      name: failure.taskName,
      errorType: failure.errorType,
      errorMessage: failure.errorMessage,
    };
  }
});

/** newGuid, custom status and the replay-safe clock, read after a timer. */
export const guidsAndStatus = defineOrchestration('guids_and_status', function* (ctx) {
  const first = ctx.newGuid();
  yield* ctx.createTimer({ seconds: 1 });
  ctx.setCustomStatus({ step: 'after timer' });
  return {
    stable: first === first,
    distinct: first !== ctx.newGuid(),
    at: ctx.currentUtcDateTime.toISOString(),
  };
});

/** An activity that echoes its input (no product activity, so these definitions stand alone). */
export const echo = defineActivity('echo', (value: string): string => `echo ${value}`);

/** all and any nested in each other: results must come back in the same shapes. */
export const nestedAllAny = defineOrchestration('nested_all_any', function* (ctx) {
  const [race, pair] = yield* ctx.all([
    ctx.any([ctx.waitForExternalEvent<string>('never'), ctx.createTimer({ minutes: 1 })]),
    ctx.all([ctx.callActivity(echo, 'A'), ctx.callActivity(echo, 'B')]),
  ]);
  const outer = yield* ctx.any([ctx.all([ctx.callActivity(echo, 'C')]), ctx.createTimer({ hours: 1 })]);
  return { race: race.index, pair, outer };
});

/** An entity whose `spend` fails when the balance is short. */
export const ledger = defineEntity('ledger', {
  initialState: 0,
  operations: {
    fund: (ctx, amount: number) => (ctx.state += amount),
    spend: (ctx, amount: number) => {
      if (amount > ctx.state) throw new RangeError(`cannot spend ${amount}, the ledger holds ${ctx.state}`);
      ctx.state -= amount;
      return ctx.state;
    },
  },
});

/** A failed entity call, caught: what the EntityOperationFailedError carries. */
export const catchesEntityFailure = defineOrchestration('catches_entity_failure', function* (ctx) {
  const key = ctx.instanceId;
  yield* ctx.callEntity(ledger, key, 'fund', 3);
  try {
    return yield* ctx.callEntity(ledger, key, 'spend', 5);
  } catch (error) {
    if (!(error instanceof EntityOperationFailedError)) return `not an EntityOperationFailedError: ${String(error)}`;
    return {
      kind: error.taskKind,
      entity: error.entityId,
      operation: error.operationName,
      errorType: error.errorType,
      errorMessage: error.errorMessage,
      balance: yield* ctx.callEntity(ledger, key, 'spend', 1),
    };
  }
});

/** Signals, a scheduled signal and a critical section whose rule is broken and caught, then the result. */
export const entityRoundTrip = defineOrchestration('entity_round_trip', function* (ctx) {
  const key = ctx.instanceId;
  ctx.signalEntity(ledger, key, 'fund', 10);
  ctx.signalEntity(ledger, key, 'fund', 5, { at: { seconds: 2 } });
  const early = yield* ctx.callEntity(ledger, key, 'spend', 1);
  yield* ctx.createTimer({ seconds: 3 });
  const section = yield* ctx.lock([ledger.id(key)], function* () {
    let refused = '';
    try {
      yield* ctx.callEntity(ledger, `${key}-other`, 'fund', 1);
    } catch (error) {
      if (error instanceof LockingRulesViolationError) refused = error.name;
    }
    return { refused, left: yield* ctx.callEntity(ledger, key, 'spend', 4), locked: ctx.lockedEntities.length };
  });
  return { early, ...section, after: yield* ctx.callEntity(ledger, key, 'fund', 0) };
});

/** What entityRoundTrip returns on every host. */
export const entityRoundTripOutput = { early: 9, refused: 'LockingRulesViolationError', left: 10, locked: 1, after: 10 };

export const conformanceEntities = [ledger];

/** Every conformance definition, for registering them next to the product's workflows. */
export const conformanceOrchestrations = [
  catchesEntityFailure,
  entityRoundTrip,
  nestedAllAny,
  catchesFailure,
  failsUncaught,
  allWithFailure,
  anyWithFailingWinner,
  failingChild,
  catchesChildFailure,
  guidsAndStatus,
];
export const conformanceActivities = [explode, echo];
