// The engine's only source of the current time. It is injected (EngineOptions.clock, TimerQueue,
// WorkItemLeases), so a test can set the time instead of waiting for it; nothing else reads Date.now().
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
