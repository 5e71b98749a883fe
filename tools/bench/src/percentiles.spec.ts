import { summarizeLatencies } from './percentiles.js';

describe('summarizeLatencies', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(summarizeLatencies(samples)).toMatchObject({
      samples: 100,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
      maxMs: 100,
      meanMs: 50.5,
    });
  });

  it('returns the only sample for every percentile of one', () => {
    expect(summarizeLatencies([7])).toMatchObject({ p50Ms: 7, p99Ms: 7 });
  });
});
