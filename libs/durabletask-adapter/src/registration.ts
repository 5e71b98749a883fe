import type { AnyActivityDefinition, AnyOrchestrationDefinition } from '@durable-hosts/durable';
import type { ActivityContext, TOrchestrator } from '@microsoft/durabletask-js';
import { toDurableTaskOrchestrator, type DurableTaskOrchestratorOptions } from './orchestrator-adapter.js';

/** What registration needs from a worker: TaskHubGrpcWorker and TestOrchestrationWorker both fit. */
export interface DurableTaskRegistry {
  addNamedOrchestrator(name: string, fn: TOrchestrator): unknown;
  addNamedActivity(name: string, fn: (ctx: ActivityContext, input: unknown) => unknown): unknown;
}

export interface DurableTaskDefinitions {
  readonly orchestrations: readonly AnyOrchestrationDefinition[];
  readonly activities: readonly AnyActivityDefinition[];
}

/** Registers every definition under its explicit name (never fn.name: bundlers rename functions). */
export function registerDurableTask(
  worker: DurableTaskRegistry,
  definitions: DurableTaskDefinitions,
  options: DurableTaskOrchestratorOptions = {},
): void {
  const seen = new Set<string>();
  const once = (kind: string, name: string) => {
    if (seen.has(`${kind}:${name}`))
      throw new Error(`Duplicate ${kind} name '${name}': each definition needs a unique name.`);
    seen.add(`${kind}:${name}`);
  };
  for (const orchestration of definitions.orchestrations) {
    once('orchestration', orchestration.name);
    worker.addNamedOrchestrator(orchestration.name, toDurableTaskOrchestrator(orchestration, options));
  }
  for (const activity of definitions.activities) {
    once('activity', activity.name);
    worker.addNamedActivity(activity.name, (_ctx: ActivityContext, input: unknown) => activity.run(input));
  }
}
