import { defineActivity } from '@durable-hosts/durable';

export interface FlakyGreetingRequest {
  readonly city: string;
  /** Identifies one logical call across its retries (the orchestration passes its instance id). */
  readonly key: string;
  /** How many attempts fail before one succeeds. */
  readonly failuresBeforeSuccess: number;
}

export interface FlakyGreeting {
  readonly greeting: string;
  readonly attempts: number;
}

// Retries re-send the same input, so the attempt count has to live with the activity. Activities run in
// one long-lived worker process on every host, so module state keyed per call is enough here; a real
// activity would get its transience from the outside world instead.
const attemptsByKey = new Map<string, number>();

/** Fails `failuresBeforeSuccess` times with a transient error, then greets. */
export const flakySayHello = defineActivity(
  'flaky_say_hello',
  (request: FlakyGreetingRequest): FlakyGreeting => {
    const attempts = (attemptsByKey.get(request.key) ?? 0) + 1;
    if (attempts <= request.failuresBeforeSuccess) {
      attemptsByKey.set(request.key, attempts);
      throw new Error(
        `Transient failure ${attempts} of ${request.failuresBeforeSuccess} greeting ${request.city}`,
      );
    }
    attemptsByKey.delete(request.key);
    return { greeting: `Hello ${request.city}!`, attempts };
  },
);
