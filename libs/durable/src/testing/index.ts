// In-memory, time-skipping runner for unit tests of orchestrations, with a replay (determinism) check.
export type { HistoryEvent } from './history-event.js';
export type { FailedSignal } from './entity-world.js';
export type { InstanceOutcome } from './instance-simulation.js';
export { NonDeterminismError } from './replay-check.js';
export {
  TestOrchestrationRunner,
  runOrchestration,
  type RaiseEvent,
  type RunOptions,
  type TestRunResult,
  type TestRunnerOptions,
} from './test-runner.js';
export {
  allWithFailure,
  anyWithFailingWinner,
  catchesChildFailure,
  catchesFailure,
  conformanceActivities,
  conformanceOrchestrations,
  echo,
  explode,
  failingChild,
  failsUncaught,
  guidsAndStatus,
  nestedAllAny,
} from './adapter-conformance.js';
