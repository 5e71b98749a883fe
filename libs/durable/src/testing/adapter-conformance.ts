// Definitions that pin how an adapter maps failures and races onto its SDK (not product workflows).
// Every adapter's contract tests run them, so a failure reads the same on every host.
import { defineActivity, defineOrchestration } from '../definitions.js';
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

/** Every conformance definition, for registering them next to the product's workflows. */
export const conformanceOrchestrations = [
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
