import { instanceCost, sequentialFloorMs } from './cost-model.js';

describe('instanceCost', () => {
  it('counts a chaining instance (4 episodes, 3 activities) as 9 calls, 7 pushes and 8 commits', () => {
    const cost = instanceCost(4, 3);
    expect(cost).toMatchObject({
      unaryCalls: 9,
      streamPushes: 7,
      roundTrips: 12.5,
      commits: 8,
      workItems: 7,
    });
  });

  it('puts every round trip and commit of a sequential instance on the critical path', () => {
    const cost = instanceCost(4, 3);
    // 1 start + 7 × (push ½ + completion 1) + ½ for the wait's answer = 12 round trips; 8 commits.
    expect(sequentialFloorMs(cost, 1, 0)).toBe(12);
    expect(sequentialFloorMs(cost, 0, 1)).toBe(8);
  });
});
