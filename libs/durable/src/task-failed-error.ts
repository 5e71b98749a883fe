/** Why a task failed, as every host reports it (DTFx `FailureDetails` shape). */
export interface FailureDetails {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string;
}

const TASK_LABELS = {
  activity: 'Activity',
  subOrchestration: 'Sub-orchestration',
  entity: 'Entity',
} as const;

/**
 * Thrown into an orchestration when an activity, sub-orchestration or entity operation it awaits has failed (after any
 * retries). Catch it around `yield*` to compensate; left uncaught, it fails the instance.
 */
export class TaskFailedError extends Error {
  override readonly name: string = 'TaskFailedError';

  constructor(
    /** What failed; for `entity`, `taskName` is the entity's `@name@key`. */
    readonly taskKind: 'activity' | 'subOrchestration' | 'entity',
    readonly taskName: string,
    readonly details: FailureDetails,
  ) {
    super(`${TASK_LABELS[taskKind]} '${taskName}' failed: ${details.errorType}: ${details.errorMessage}`);
  }

  get errorType(): string {
    return this.details.errorType;
  }

  get errorMessage(): string {
    return this.details.errorMessage;
  }

  get stackTrace(): string | undefined {
    return this.details.stackTrace;
  }
}

/** The failure details of anything thrown, as a host records them. */
export function failureDetailsOf(error: unknown): FailureDetails {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      ...(error.stack ? { stackTrace: error.stack } : {}),
    };
  }
  return {
    errorType: 'Error',
    errorMessage: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)),
  };
}
