import { WorkItemLeases } from './work-item-leases.js';

describe('WorkItemLeases', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires work items in the order they were given out, each only after its timeout', () => {
    vi.useFakeTimers({ now: 0 });
    const expired: [string, number][] = [];
    const leases = new WorkItemLeases(1000, (token) => expired.push([token, Date.now()]));
    leases.add('a', Date.now());
    vi.advanceTimersByTime(300);
    leases.add('b', Date.now());
    vi.advanceTimersByTime(699);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([['a', 1000]]);
    vi.advanceTimersByTime(300);
    expect(expired).toEqual([
      ['a', 1000],
      ['b', 1300],
    ]);
    expect(leases.size).toBe(0);
    leases.close();
  });

  it('never expires a released work item, and does nothing when the timeout is off', () => {
    vi.useFakeTimers({ now: 0 });
    const expired: string[] = [];
    const leases = new WorkItemLeases(1000, (token) => expired.push(token));
    leases.add('done', 0);
    leases.release('done');
    const off = new WorkItemLeases(0, (token) => expired.push(token));
    off.add('forever', 0);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    expect(off.size).toBe(0);
    leases.close();
    off.close();
  });
});
