import { registerDefinitions, type Definitions } from '@durable-hosts/durable/sdk-binding';
import type { ActivityContext, TOrchestrator } from '@microsoft/durabletask-js';
import { toDurableTaskOrchestrator, type DurableTaskOrchestratorOptions } from './orchestrator-adapter.js';

/** What registration needs from a worker: TaskHubGrpcWorker and TestOrchestrationWorker both fit. */
export interface DurableTaskRegistry {
  addNamedOrchestrator(name: string, fn: TOrchestrator): unknown;
  addNamedActivity(name: string, fn: (ctx: ActivityContext, input: unknown) => unknown): unknown;
}

export type DurableTaskDefinitions = Definitions;

/** Registers every definition on a durabletask-js worker, under its explicit name. */
export function registerDurableTask(
  worker: DurableTaskRegistry,
  definitions: DurableTaskDefinitions,
  options: DurableTaskOrchestratorOptions = {},
): void {
  registerDefinitions(definitions, {
    orchestration: (o) => worker.addNamedOrchestrator(o.name, toDurableTaskOrchestrator(o, options)),
    activity: (a) => worker.addNamedActivity(a.name, (_ctx: ActivityContext, input: unknown) => a.run(input)),
  });
}
