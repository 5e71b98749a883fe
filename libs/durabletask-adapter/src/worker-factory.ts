// The worker every host runs: each workflow definition registered on a supervised TaskHubGrpcWorker that
// waits for the endpoint, reconnects, and stops gracefully.
import {
  createSupervisedWorker,
  type DtsConnectionSettings,
  type DurableTaskWorkerHandle,
  type SupervisedWorkerOptions,
} from '@durable-hosts/dts-connection';
import type { DurableTaskOrchestratorOptions } from './orchestrator-adapter.js';
import { registerDurableTask, type DurableTaskDefinitions } from './registration.js';

export interface DurableTaskWorkerOptions extends DurableTaskDefinitions, Omit<SupervisedWorkerOptions, 'register'> {
  /** Where orchestrations' `ctx.logger` writes. */
  orchestratorOptions?: DurableTaskOrchestratorOptions;
}

export function createDurableTaskWorker(settings: DtsConnectionSettings, options: DurableTaskWorkerOptions): DurableTaskWorkerHandle {
  const { orchestrations, activities, entities, orchestratorOptions, ...supervision } = options;
  return createSupervisedWorker(settings, {
    ...supervision,
    register: (worker) => registerDurableTask(worker, { orchestrations, activities, entities }, orchestratorOptions),
  });
}
