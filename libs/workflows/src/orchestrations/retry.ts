import {
  defineOrchestration,
  TaskFailedError,
  type OrchestrationGenerator,
  type RetryPolicy,
} from '@durable-hosts/durable';
import { flakySayHello } from '../activities/flaky-say-hello.js';

export interface RetryInput {
  readonly city?: string;
  /** How many attempts fail before one succeeds (default 2). */
  readonly failuresBeforeSuccess?: number;
}

export type RetryResult =
  | { readonly succeeded: true; readonly greeting: string; readonly attempts: number }
  | { readonly succeeded: false; readonly error: string };

/** Up to 4 attempts, 1 s then 2 s then 4 s apart. */
export const GREETING_RETRY_POLICY: RetryPolicy = {
  maxNumberOfAttempts: 4,
  firstRetryIntervalInMilliseconds: 1000,
  backoffCoefficient: 2,
  maxRetryIntervalInMilliseconds: 10_000,
};

/**
 * Retry: an activity that fails transiently is retried by the host with backoff; if every attempt fails,
 * the orchestration catches the failure and reports it instead of failing.
 */
export const retryOrchestration = defineOrchestration(
  'retry_orchestration',
  function* (ctx, input?: RetryInput | null): OrchestrationGenerator<RetryResult> {
    const request = {
      city: input?.city ?? 'Tokyo',
      key: ctx.instanceId,
      failuresBeforeSuccess: input?.failuresBeforeSuccess ?? 2,
    };
    try {
      const { greeting, attempts } = yield* ctx.callActivity(flakySayHello, request, {
        retry: GREETING_RETRY_POLICY,
      });
      return { succeeded: true, greeting, attempts };
    } catch (error) {
      if (error instanceof TaskFailedError) return { succeeded: false, error: error.errorMessage };
      throw error;
    }
  },
);
