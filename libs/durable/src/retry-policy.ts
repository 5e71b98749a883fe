import { retryBackoffDelay } from '@durable-hosts/dts-protocol';

/**
 * How a failed activity or sub-orchestration is retried. The fields are the ones both SDKs honour:
 * durabletask-js `RetryPolicy` and durable-functions `RetryOptions` take exactly these (DTFx names).
 */
export interface RetryPolicy {
  /** Total attempts including the first one (1 = no retry). */
  readonly maxNumberOfAttempts: number;
  /** Delay before the second attempt. */
  readonly firstRetryIntervalInMilliseconds: number;
  /** Each further delay is the previous one times this (default 1). */
  readonly backoffCoefficient?: number;
  /** Upper bound for a single delay (default: unbounded). */
  readonly maxRetryIntervalInMilliseconds?: number;
  /** Give up once this much time has passed since the first attempt (default: unbounded). */
  readonly retryTimeoutInMilliseconds?: number;
}

/** Throws an Error naming the bad field, so a wrong policy fails where it is written, on every host. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const positiveInteger = (field: keyof RetryPolicy, value: number | undefined) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`RetryPolicy.${field} must be a positive integer, got ${String(value)}.`);
    }
  };
  const positive = (field: keyof RetryPolicy, value: number | undefined) => {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new Error(`RetryPolicy.${field} must be a positive number, got ${String(value)}.`);
    }
  };
  positiveInteger('maxNumberOfAttempts', policy.maxNumberOfAttempts);
  positive('firstRetryIntervalInMilliseconds', policy.firstRetryIntervalInMilliseconds);
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    throw new Error(`RetryPolicy.backoffCoefficient must be >= 1, got ${String(policy.backoffCoefficient)}.`);
  }
  positive('maxRetryIntervalInMilliseconds', policy.maxRetryIntervalInMilliseconds);
  positive('retryTimeoutInMilliseconds', policy.retryTimeoutInMilliseconds);
  return policy;
}

/**
 * The delay before the next attempt after `attemptsSoFar` failed attempts, or undefined when the policy
 * gives up. The delay is dts-protocol's retryBackoffDelay, the arithmetic durabletask-js `RetryableTask`
 * and DTFx `RetryInterceptor` share.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attemptsSoFar: number,
  elapsedMs: number,
): number | undefined {
  if (attemptsSoFar >= policy.maxNumberOfAttempts) return undefined;
  const timeout = policy.retryTimeoutInMilliseconds;
  if (timeout !== undefined && elapsedMs >= timeout) return undefined;
  const delay = retryBackoffDelay(policy, attemptsSoFar);
  if (timeout !== undefined && delay > timeout - elapsedMs) return undefined;
  return delay;
}
