import { retryBackoffDelay } from './retry-backoff.js';

describe('retryBackoffDelay', () => {
  it('multiplies the first interval by the coefficient once per further failure', () => {
    const backoff = { firstRetryIntervalInMilliseconds: 1000, backoffCoefficient: 2 };
    expect([1, 2, 3, 4].map((failed) => retryBackoffDelay(backoff, failed))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('repeats the first interval when no coefficient is given', () => {
    expect([1, 2, 3].map((failed) => retryBackoffDelay({ firstRetryIntervalInMilliseconds: 250 }, failed))).toEqual([250, 250, 250]);
  });

  it('caps every delay at the maximum interval', () => {
    const backoff = { firstRetryIntervalInMilliseconds: 1000, backoffCoefficient: 3, maxRetryIntervalInMilliseconds: 5000 };
    expect([1, 2, 3, 4].map((failed) => retryBackoffDelay(backoff, failed))).toEqual([1000, 3000, 5000, 5000]);
  });

  it('caps to zero with a maximum of 0, as DTFx and durabletask-js compute it', () => {
    const backoff = { firstRetryIntervalInMilliseconds: 1000, backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 0 };
    expect([1, 2].map((failed) => retryBackoffDelay(backoff, failed))).toEqual([0, 0]);
  });
});
