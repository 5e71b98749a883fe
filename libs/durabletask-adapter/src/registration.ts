import { registerDefinitions, type Definitions } from '@durable-hosts/durable/sdk-binding';
import type { ActivityContext, EntityFactory, TOrchestrator } from '@microsoft/durabletask-js';
import { toDurableTaskEntity } from './entity-adapter.js';
import { toDurableTaskOrchestrator, type DurableTaskOrchestratorOptions } from './orchestrator-adapter.js';

/** What registration needs from a worker: TaskHubGrpcWorker and TestOrchestrationWorker both fit. */
export interface DurableTaskRegistry {
  addNamedOrchestrator(name: string, fn: TOrchestrator): unknown;
  addNamedActivity(name: string, fn: (ctx: ActivityContext, input: unknown) => unknown): unknown;
  /** TaskHubGrpcWorker has it; the SDK's in-memory test worker has no entities. */
  addNamedEntity?(name: string, factory: EntityFactory): unknown;
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
    entity: (e) => {
      if (!worker.addNamedEntity) {
        throw new Error(
          `Cannot register entity '${e.name}': this worker has no addNamedEntity (the durabletask-js in-memory test worker runs no entities). Use TaskHubGrpcWorker.`,
        );
      }
      worker.addNamedEntity(e.name, toDurableTaskEntity(e));
    },
  });
}
