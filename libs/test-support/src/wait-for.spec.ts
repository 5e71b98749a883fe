import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `ready after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('ready after 3');
  });

  it('keeps polling through thrown errors and reports the last one on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('still booting');
        },
        { timeoutMs: 30, intervalMs: 5, message: 'Service never came up' },
      ),
    ).rejects.toThrow('Service never came up within 30 ms. Last error: still booting');
  });
});
