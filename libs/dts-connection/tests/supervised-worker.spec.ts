import { NoOpLogger, type Logger } from '@microsoft/durabletask-js';
import { createDurableTaskClient, createSupervisedWorker, parseConnectionString, sendHello, waitForDtsEndpoint } from '../src/index.js';
import { freePort, startFakeSidecar, type FakeSidecar } from './fake-sidecar.js';

function settingsFor(port: number, taskHub = 'default') {
  return parseConnectionString(`Endpoint=http://127.0.0.1:${port};TaskHub=${taskHub};Authentication=None`);
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string) => void lines.push(message);
  return { lines, error: record, warn: record, info: record, debug: () => undefined };
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the supervised worker', () => {
  let sidecar: FakeSidecar | undefined;
  afterEach(async () => {
    await sidecar?.stop();
    sidecar = undefined;
  });

  it('waits for an endpoint that is not up yet, logging each retry, then connects', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const worker = createSupervisedWorker(settingsFor(port), {
      register: () => undefined,
      logger,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    const started = worker.start();
    await eventually(() => logger.lines.filter((line) => line.includes('retrying Hello')).length >= 2);

    sidecar = await startFakeSidecar(port);
    const fake = sidecar;
    await started;
    await eventually(() => fake.openStreams() === 1);
    expect(logger.lines.some((line) => line.includes(`DTS endpoint 127.0.0.1:${port} is not answering`))).toBe(true);
    await worker.stop();
  });

  it('sends taskhub, x-user-agent and workerid on Hello and GetWorkItems', async () => {
    sidecar = await startFakeSidecar();
    const worker = createSupervisedWorker(settingsFor(sidecar.port, 'hub-7'), { register: () => undefined, logger: new NoOpLogger() });
    await worker.start();
    const fake = sidecar;
    await eventually(() => fake.openStreams() === 1);
    await worker.stop();

    const workerCalls = sidecar.calls.filter((call) => call.method === 'GetWorkItems' || call.method === 'Hello');
    expect(workerCalls.map((call) => call.method)).toContain('GetWorkItems');
    for (const call of workerCalls) {
      expect(call.metadata).toMatchObject({ taskhub: 'hub-7', workerid: worker.workerId });
      expect(call.metadata['x-user-agent']).toMatch(/^durable-hosts\/\S+ \(DurableTaskWorker\)$/);
      expect(call.metadata.authorization).toBeUndefined();
    }
  });

  it('sends authorization: Bearer <token> on every worker call when a credential is set', async () => {
    sidecar = await startFakeSidecar();
    const fake = sidecar;
    const credential = { getToken: async () => ({ token: 'token-abc', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const worker = createSupervisedWorker(settingsFor(sidecar.port), { register: () => undefined, logger: new NoOpLogger(), metadata: { credential } });
    await worker.start();
    await eventually(() => fake.openStreams() === 1);
    await worker.stop();
    const calls = fake.calls.filter((call) => call.method === 'Hello' || call.method === 'GetWorkItems');
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) expect(call.metadata.authorization).toBe('Bearer token-abc');
  });

  it('replaces a worker whose first Hello fails after the probe succeeded', async () => {
    sidecar = await startFakeSidecar();
    const logger = recordingLogger();
    const worker = createSupervisedWorker(settingsFor(sidecar.port), { register: () => undefined, logger, retry: { initialDelayMs: 20 } });
    // Hello 1 is our probe; Hello 2 is the durabletask-js worker's own first Hello, after which it would give up.
    const fake = sidecar;
    fake.failHellos(2);
    await worker.start();
    await eventually(() => fake.openStreams() === 1);
    expect(fake.calls.filter((call) => call.method === 'Hello')).toHaveLength(4);
    expect(logger.lines.some((line) => line.includes('starting a new one'))).toBe(true);
    await worker.stop();
  });

  it('reconnects by itself after the endpoint restarts', async () => {
    sidecar = await startFakeSidecar();
    const port = sidecar.port;
    const worker = createSupervisedWorker(settingsFor(port), { register: () => undefined, logger: new NoOpLogger() });
    await worker.start();
    await sidecar.stop();

    sidecar = await startFakeSidecar(port);
    const restarted = sidecar;
    await eventually(() => restarted.openStreams() === 1, 15_000);
    await worker.stop();
  });

  it('stops while still waiting for the endpoint, and start() says why', async () => {
    const port = await freePort();
    const worker = createSupervisedWorker(settingsFor(port), { register: () => undefined, logger: new NoOpLogger(), retry: { initialDelayMs: 50 } });
    const started = worker.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await worker.stop();
    await expect(started).rejects.toThrow(`The worker was stopped before it connected to 127.0.0.1:${port}`);
  });

  it('finishes an in-flight activity before stop() resolves', async () => {
    sidecar = await startFakeSidecar();
    const fake = sidecar;
    let started = false;
    const worker = createSupervisedWorker(settingsFor(sidecar.port), {
      logger: new NoOpLogger(),
      register(grpcWorker) {
        grpcWorker.addNamedActivity('slow_hello', async (_ctx, city: string) => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 300));
          return `Hello ${city}!`;
        });
      },
    });
    await worker.start();
    await eventually(() => fake.openStreams() === 1);
    fake.dispatchActivity('slow_hello', 'Tokyo', 7);
    await eventually(() => started);

    await worker.stop();
    expect(fake.completedActivities).toEqual([{ taskId: 7, result: '"Hello Tokyo!"' }]);
    // Completions carry the DTS metadata too.
    expect(fake.calls.find((call) => call.method === 'CompleteActivityTask')?.metadata).toMatchObject({ taskhub: 'default', workerid: worker.workerId });
  });

  it('registers orchestrators and activities on the worker it starts', async () => {
    sidecar = await startFakeSidecar();
    const names: string[] = [];
    const worker = createSupervisedWorker(settingsFor(sidecar.port), {
      logger: new NoOpLogger(),
      register(grpcWorker) {
        names.push(grpcWorker.addNamedActivity('say_hello', (_ctx, city: string) => `Hello ${city}!`));
      },
    });
    await worker.start();
    await worker.stop();
    expect(names).toEqual(['say_hello']);
  });
});

describe('the endpoint readiness probe', () => {
  it('does not retry an endpoint that answers Hello with an error other than unavailable', async () => {
    const sidecar = await startFakeSidecar();
    try {
      const settings = settingsFor(sidecar.port);
      await expect(sendHello(settings, async () => new (await import('@grpc/grpc-js')).Metadata())).resolves.toBeUndefined();
      await expect(
        waitForDtsEndpoint(settings, {
          logger: new NoOpLogger(),
          metadataGenerator: async () => {
            throw new Error('credential unavailable');
          },
        }),
      ).rejects.toThrow(`DTS endpoint 127.0.0.1:${sidecar.port} (task hub 'default') refused Hello: credential unavailable`);
    } finally {
      await sidecar.stop();
    }
  });

  it('keeps trying through refusals when told to, reporting each failed attempt', async () => {
    const sidecar = await startFakeSidecar();
    try {
      const { Metadata } = await import('@grpc/grpc-js');
      let calls = 0;
      const retries: Array<[number, string, number]> = [];
      await waitForDtsEndpoint(settingsFor(sidecar.port), {
        metadataGenerator: async () => {
          if (++calls <= 2) throw new Error('credential unavailable');
          return new Metadata();
        },
        retryRefusals: true,
        initialDelayMs: 10,
        onRetry: (attempt, failure, waitMs) => void retries.push([attempt, failure, waitMs]),
      });
      expect(retries).toEqual([
        [1, 'credential unavailable', 10],
        [2, 'credential unavailable', 20],
      ]);
      expect(sidecar.calls.filter((call) => call.method === 'Hello')).toHaveLength(1);
    } finally {
      await sidecar.stop();
    }
  });
});

describe('createDurableTaskClient', () => {
  it('sends taskhub and the client x-user-agent, without workerid, on every call', async () => {
    const sidecar = await startFakeSidecar();
    const client = createDurableTaskClient(settingsFor(sidecar.port, 'hub-9'));
    try {
      expect(await client.getOrchestrationState('missing')).toBeUndefined();
      const call = sidecar.calls.find((recorded) => recorded.method === 'GetInstance');
      expect(call?.metadata).toMatchObject({ taskhub: 'hub-9' });
      expect(call?.metadata['x-user-agent']).toMatch(/\(DurableTaskClient\)$/);
      expect(call?.metadata.workerid).toBeUndefined();
    } finally {
      await client.stop();
      await sidecar.stop();
    }
  });
});
