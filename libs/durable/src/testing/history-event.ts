import type { FailureDetails } from '../task-failed-error.js';

/**
 * The history the test runner produces, one entry per thing that happened, in order (times are virtual,
 * ISO strings). Close to DTFx history events so tests read like a host's history.
 */
export type HistoryEvent =
  | { readonly type: 'ExecutionStarted'; readonly at: string; readonly name: string; readonly input: unknown }
  | {
      readonly type: 'TaskScheduled';
      readonly at: string;
      readonly taskId: number;
      readonly name: string;
      readonly input: unknown;
      readonly attempt: number;
    }
  | { readonly type: 'TaskCompleted'; readonly at: string; readonly taskId: number; readonly result: unknown }
  | {
      readonly type: 'TaskFailed';
      readonly at: string;
      readonly taskId: number;
      readonly failure: FailureDetails;
    }
  | {
      readonly type: 'SubOrchestrationCreated';
      readonly at: string;
      readonly taskId: number;
      readonly name: string;
      readonly instanceId: string;
      readonly input: unknown;
      readonly attempt: number;
    }
  | {
      readonly type: 'SubOrchestrationCompleted';
      readonly at: string;
      readonly taskId: number;
      readonly result: unknown;
    }
  | {
      readonly type: 'SubOrchestrationFailed';
      readonly at: string;
      readonly taskId: number;
      readonly failure: FailureDetails;
    }
  | {
      readonly type: 'TimerCreated';
      readonly at: string;
      readonly taskId: number;
      readonly fireAt: string;
      readonly purpose: 'timer' | 'retry';
    }
  | { readonly type: 'TimerFired'; readonly at: string; readonly taskId: number }
  | { readonly type: 'EventRaised'; readonly at: string; readonly name: string; readonly data: unknown }
  | {
      readonly type: 'EntityOperationCalled';
      readonly at: string;
      readonly taskId: number;
      readonly entity: string;
      readonly operation: string;
      readonly input: unknown;
    }
  | {
      readonly type: 'EntityOperationCompleted';
      readonly at: string;
      readonly taskId: number;
      readonly result: unknown;
    }
  | {
      readonly type: 'EntityOperationFailed';
      readonly at: string;
      readonly taskId: number;
      readonly failure: FailureDetails;
    }
  | {
      readonly type: 'EntityOperationSignaled';
      readonly at: string;
      readonly entity: string;
      readonly operation: string;
      readonly input: unknown;
      /** When it is delivered, for a scheduled signal. */
      readonly scheduledTime?: string;
    }
  | {
      readonly type: 'EntityLockRequested';
      readonly at: string;
      readonly taskId: number;
      readonly entities: readonly string[];
    }
  | { readonly type: 'EntityLockGranted'; readonly at: string; readonly taskId: number }
  | { readonly type: 'EntityUnlockSent'; readonly at: string; readonly entities: readonly string[] }
  | { readonly type: 'ContinuedAsNew'; readonly at: string; readonly input: unknown }
  | {
      readonly type: 'ExecutionCompleted';
      readonly at: string;
      readonly status: 'completed' | 'failed';
      readonly output?: unknown;
      readonly failure?: FailureDetails;
    };
