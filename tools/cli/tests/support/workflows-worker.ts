// The product's workflows on the durabletask adapter, for the CLI's orchestration commands. The CLI's tests
// run their own worker rather than worker-host: worker-host's `client` target is this CLI, so a test of the
// CLI that spawned worker-host would make the two projects depend on each other (Nx refuses that cycle).
import { createDurableTaskWorker } from '@durable-hosts/durabletask-adapter';
import { readConnectionSettings } from '@durable-hosts/dts-connection';
import { activities, entities, orchestrations } from '@durable-hosts/workflows';
import { NoOpLogger } from '@microsoft/durabletask-js';

const worker = createDurableTaskWorker(readConnectionSettings(), { orchestrations, activities, entities, logger: new NoOpLogger(), shutdownTimeoutMs: 500 });
await worker.start();
console.log('workflows worker ready');
process.on('SIGTERM', () => void worker.stop().finally(() => process.exit(0)));
