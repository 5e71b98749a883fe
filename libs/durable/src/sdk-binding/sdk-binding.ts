import type {
  ActivityCommand,
  EntityCallCommand,
  EventCommand,
  LockCommand,
  SubOrchestrationCommand,
  TimerCommand,
} from '../command.js';
import type { FailureDetails } from '../task-failed-error.js';

/** The Commands whose failure reaches the body as a TaskFailedError. */
export type FailingCommand = ActivityCommand | SubOrchestrationCommand | EntityCallCommand;

/** How a settled SDK task ended, in the SDK's own terms (its value or the error it holds). */
export type SdkTaskOutcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * What an adapter writes for its SDK, and nothing more: one SDK task per leaf Command, the SDK's own
 * all/any, how to read a settled task, how to recognise a task failure, and continue-as-new. Everything
 * the two SDKs share (the step loop, result and failure mapping, all/any bookkeeping) is in this folder.
 */
export interface SdkBinding<Task> {
  activity(command: ActivityCommand): Task;
  subOrchestration(command: SubOrchestrationCommand): Task;
  timer(command: TimerCommand): Task;
  event(command: EventCommand): Task;
  entityCall(command: EntityCallCommand): Task;
  /** Completes with the SDK's lock handle; the adapter's host releases it (OrchestrationHost.releaseLocks). */
  lock(command: LockCommand): Task;
  all(tasks: readonly Task[]): Task;
  any(tasks: readonly Task[]): Task;
  /** The outcome of a task that has settled (a child of all/any, read after the parent completed). */
  outcome(task: Task): SdkTaskOutcome;
  /**
   * The failure details of an activity, sub-orchestration or entity operation failure as the SDK reports
   * it, or undefined when `error` is something else (then it reaches the body unchanged).
   */
  taskFailure(command: FailingCommand, error: unknown): FailureDetails | undefined;
  continueAsNew(input: unknown): void;
}
