// durable-functions 3.5.0 has no `exports` map, so its replay engine can be deep-imported for tests
// (pinned version: these are internals). Only what the replay host uses is typed here.
declare module 'durable-functions/lib/src/util/testingUtils.js' {
  import type { InvocationContext } from '@azure/functions';
  import type { EntityHandler, OrchestrationHandler } from 'durable-functions';
  export function createOrchestrator(
    fn: OrchestrationHandler,
  ): (trigger: unknown, context: InvocationContext) => Promise<unknown>;
  export function createEntityFunction(
    fn: EntityHandler<unknown>,
  ): (trigger: unknown, context: InvocationContext) => Promise<unknown>;
}
