import type { AnyActivityDefinition, AnyOrchestrationDefinition } from '@durable-hosts/durable';
import * as df from 'durable-functions';
import { toDurableFunctionsOrchestrator } from './orchestrator-adapter.js';

/** The part of `df.app` registration uses; tests pass a recorder. */
export interface DurableFunctionsApp {
  orchestration(name: string, handler: df.OrchestrationHandler): unknown;
  activity(name: string, options: { handler: (input: unknown) => unknown }): unknown;
}

export interface DurableFunctionsDefinitions {
  readonly orchestrations: readonly AnyOrchestrationDefinition[];
  readonly activities: readonly AnyActivityDefinition[];
}

/**
 * Registers every definition with durable-functions v3 (`df.app.orchestration`, `df.app.activity`), under
 * its explicit name. Call once at start-up of the Functions app.
 */
export function registerDurableFunctions(
  definitions: DurableFunctionsDefinitions,
  app: DurableFunctionsApp = df.app,
): void {
  const seen = new Set<string>();
  const once = (kind: string, name: string) => {
    if (seen.has(`${kind}:${name}`))
      throw new Error(`Duplicate ${kind} name '${name}': each definition needs a unique name.`);
    seen.add(`${kind}:${name}`);
  };
  for (const orchestration of definitions.orchestrations) {
    once('orchestration', orchestration.name);
    app.orchestration(orchestration.name, toDurableFunctionsOrchestrator(orchestration));
  }
  for (const activity of definitions.activities) {
    once('activity', activity.name);
    app.activity(activity.name, { handler: (input: unknown) => activity.run(input) });
  }
}
