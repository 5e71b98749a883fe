// A plain durabletask-js worker with one `counter` entity (add, reset), for the CLI's entity commands: the
// workflows' own entities belong to the model, and the CLI must work with any app's entities.
import { createMetadataGenerator, dtsChannel, readConnectionSettings } from '@durable-hosts/dts-connection';
import { NoOpLogger, TaskEntity, TaskHubGrpcWorker } from '@microsoft/durabletask-js';

class Counter extends TaskEntity<number> {
  add(amount: number): number {
    this.state += amount;
    return this.state;
  }
  reset(): void {
    this.state = 0;
  }
  protected override initializeState(): number {
    return 0;
  }
}

const settings = readConnectionSettings();
const channel = dtsChannel(settings);
const worker = new TaskHubGrpcWorker({
  hostAddress: channel.hostAddress,
  credentials: channel.credentials,
  options: channel.options,
  metadataGenerator: createMetadataGenerator(settings, 'worker'),
  logger: new NoOpLogger(),
  shutdownTimeoutMs: 500,
});
worker.addNamedEntity('counter', () => new Counter());
await worker.start();
console.log('counter entity worker ready');
process.on('SIGTERM', () => void worker.stop().finally(() => process.exit(0)));
