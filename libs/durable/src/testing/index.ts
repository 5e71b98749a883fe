// In-memory, time-skipping runner for unit tests of orchestrations, with a replay (determinism) check.
export type { HistoryEvent } from './history-event.js';
export {
  EntityWorld,
  type EntityExecutor,
  type EntityMessage,
  type EntityReply,
  type FailedSignal,
} from './entity-world.js';
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
  catchesEntityFailure,
  catchesFailure,
  conformanceActivities,
  conformanceEntities,
  conformanceOrchestrations,
  echo,
  entityRoundTrip,
  entityRoundTripOutput,
  explode,
  failingChild,
  failsUncaught,
  guidsAndStatus,
  ledger,
  nestedAllAny,
} from './adapter-conformance.js';
