import { reconnectDelay, sleep } from './reconnect-backoff.js';

describe('reconnectDelay', () => {
  it('doubles from 500 ms up to 10 s by default', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failed) => reconnectDelay({}, failed))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('takes its own first and longest wait', () => {
    expect([1, 2, 3, 4].map((failed) => reconnectDelay({ initialDelayMs: 50, maxDelayMs: 150 }, failed))).toEqual([50, 100, 150, 150]);
  });
});

describe('sleep', () => {
  it('rejects with the reason as soon as the signal is aborted', async () => {
    const abort = new AbortController();
    const waiting = sleep(60_000, abort.signal);
    abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('rejects at once when the signal was aborted before', async () => {
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
