// Connects the real durabletask-js client and worker to an emulator process, the way DTS clients do
// (hostAddress + a metadata generator that sets `taskhub`).
import * as grpc from '@grpc/grpc-js';
import { NoOpLogger, TaskHubGrpcClient, TaskHubGrpcWorker } from '@microsoft/durabletask-js';
import { startEmulator, type EmulatorProcess, type StartEmulatorOptions } from '@durable-hosts/test-support';

export function metadataFor(taskHub: string, role: 'client' | 'worker'): () => Promise<grpc.Metadata> {
  return async () => {
    const md = new grpc.Metadata();
    md.set('taskhub', taskHub);
    md.set(
      'x-user-agent',
      `durabletask-js/0.4.0 (${role === 'client' ? 'DurableTaskClient' : 'DurableTaskWorker'})`,
    );
    if (role === 'worker') md.set('workerid', `test,${process.pid},${Math.random().toString(16).slice(2)}`);
    return md;
  };
}

export function newClient(emulator: EmulatorProcess, taskHub = 'default'): TaskHubGrpcClient {
  return new TaskHubGrpcClient({
    hostAddress: emulator.hostAddress,
    metadataGenerator: metadataFor(taskHub, 'client'),
    logger: new NoOpLogger(),
  });
}

export function newWorker(emulator: EmulatorProcess, taskHub = 'default'): TaskHubGrpcWorker {
  return new TaskHubGrpcWorker({
    hostAddress: emulator.hostAddress,
    metadataGenerator: metadataFor(taskHub, 'worker'),
    logger: new NoOpLogger(),
    shutdownTimeoutMs: 1000,
  });
}

export { startEmulator, type EmulatorProcess, type StartEmulatorOptions };

export interface ConnectedEmulator {
  emulator: EmulatorProcess;
  client: TaskHubGrpcClient;
  worker: TaskHubGrpcWorker;
}

/** An emulator process with a connected client, and a worker started after `register` has added to it. */
export async function startConnected(
  register: (worker: TaskHubGrpcWorker) => void,
  options?: StartEmulatorOptions,
): Promise<ConnectedEmulator> {
  const emulator = await startEmulator(options);
  const client = newClient(emulator);
  const worker = newWorker(emulator);
  register(worker);
  await worker.start();
  return { emulator, client, worker };
}

/** Stops what startConnected started (whatever of it exists, so a failed start still cleans up). */
export async function stopConnected(connected: Partial<ConnectedEmulator>): Promise<void> {
  await connected.worker?.stop();
  await connected.client?.stop();
  await connected.emulator?.stop();
}
