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
