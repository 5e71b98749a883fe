// Exponential backoff as the Durable Task Framework computes it: DTFx RetryInterceptor.ComputeNextDelay
// and durabletask-js RetryableTask.computeNextDelayInMilliseconds agree on the arithmetic. The one
// definition for orchestration retries (the model, the Functions runtime) and for reconnecting to DTS.

/** The part of a retry policy that sets the delays (DTFx and durabletask-js field names). */
export interface RetryBackoff {
  /** The delay before the first retry. */
  readonly firstRetryIntervalInMilliseconds: number;
  /** Each further delay is the previous one times this (default 1: every delay is the first). */
  readonly backoffCoefficient?: number;
  /** No delay is longer than this (default: no cap). */
  readonly maxRetryIntervalInMilliseconds?: number;
}

/**
 * The delay before the next attempt once `failedAttempts` (1 or more) attempts have failed: the first
 * interval times the coefficient to the power `failedAttempts - 1`, capped at the maximum.
 *
 * A maximum of 0 caps every delay to 0, as in both upstreams. What that means is the caller's to decide,
 * as it is upstream: DTFx stops retrying when the delay is zero (`if (nextDelay == TimeSpan.Zero) break`),
 * and durabletask-js's RetryPolicy refuses a maximum below the first interval.
 */
export function retryBackoffDelay(backoff: RetryBackoff, failedAttempts: number): number {
  const delay = backoff.firstRetryIntervalInMilliseconds * (backoff.backoffCoefficient ?? 1) ** (failedAttempts - 1);
  const max = backoff.maxRetryIntervalInMilliseconds;
  return max !== undefined && delay > max ? max : delay;
}
