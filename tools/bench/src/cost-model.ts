// What one instance costs the scheduler, derived from the protocol (documented in the README):
//   unary calls  = StartInstance + WaitForInstanceCompletion + one CompleteOrchestratorTask per episode
//                  + one CompleteActivityTask per activity
//   stream pushes (GetWorkItems) = one per episode + one per activity; a push is one message, half a round trip
//   commits      = StartInstance + one per completion (the emulator writes each state change through before it answers)
export interface InstanceCost {
  episodes: number;
  activities: number;
  unaryCalls: number;
  streamPushes: number;
  /** Unary calls + half a round trip per push. */
  roundTrips: number;
  commits: number;
  /** Work items: orchestrator episodes + activity executions. */
  workItems: number;
}

export function instanceCost(episodes: number, activities: number): InstanceCost {
  const unaryCalls = 2 + episodes + activities;
  const streamPushes = episodes + activities;
  return {
    episodes,
    activities,
    unaryCalls,
    streamPushes,
    roundTrips: unaryCalls + streamPushes / 2,
    commits: 1 + episodes + activities,
    workItems: episodes + activities,
  };
}

/**
 * The shortest possible end-to-end time of a sequential instance (chaining): every step waits for the one
 * before — the start call, then per work item a push and its completion call, then the wait's answer —
 * and each of those state changes is one commit.
 */
export function sequentialFloorMs(cost: InstanceCost, roundTripMs: number, commitMs: number): number {
  const criticalRoundTrips = 1 + 1.5 * cost.workItems + 0.5;
  return criticalRoundTrips * roundTripMs + cost.commits * commitMs;
}
