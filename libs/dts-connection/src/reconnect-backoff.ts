// How long a connection waits before trying DTS again, and the wait itself. The delays double from the
// first one up to a cap (the one backoff definition, from dts-protocol).
import { retryBackoffDelay } from '@durable-hosts/dts-protocol';

export interface ReconnectBackoff {
  /** The wait after the first failure (default 500 ms); each further one doubles, up to maxDelayMs. */
  initialDelayMs?: number;
  /** The longest wait (default 10 s). */
  maxDelayMs?: number;
}

const DEFAULT_INITIAL_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 10_000;

/** The wait after `failedAttempts` (1 or more) attempts in a row have failed. */
export function reconnectDelay(backoff: ReconnectBackoff, failedAttempts: number): number {
  return retryBackoffDelay(
    {
      firstRetryIntervalInMilliseconds: backoff.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS,
      backoffCoefficient: 2,
      maxRetryIntervalInMilliseconds: backoff.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    },
    failedAttempts,
  );
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
