import { registerDefinitions, type Definitions } from '@durable-hosts/durable/sdk-binding';
import * as df from 'durable-functions';
import { toDurableFunctionsEntity } from './entity-adapter.js';
import { toDurableFunctionsOrchestrator } from './orchestrator-adapter.js';

/** The part of `df.app` registration uses; tests pass a recorder. */
export interface DurableFunctionsApp {
  orchestration(name: string, handler: df.OrchestrationHandler): unknown;
  activity(name: string, options: { handler: (input: unknown) => unknown }): unknown;
  entity(name: string, handler: df.EntityHandler<unknown>): unknown;
}

export type DurableFunctionsDefinitions = Definitions;

/**
 * Registers every definition with durable-functions v3 (`df.app.orchestration`, `df.app.activity`, `df.app.entity`), under
 * its explicit name. Call once at start-up of the Functions app.
 */
export function registerDurableFunctions(
  definitions: DurableFunctionsDefinitions,
  app: DurableFunctionsApp = df.app,
): void {
  registerDefinitions(definitions, {
    orchestration: (o) => app.orchestration(o.name, toDurableFunctionsOrchestrator(o)),
    activity: (a) => app.activity(a.name, { handler: (input: unknown) => a.run(input) }),
    entity: (e) => app.entity(e.name, toDurableFunctionsEntity(e)),
  });
}
