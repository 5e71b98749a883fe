import { OrchestrationStatus, whenAll, type ActivityContext, type OrchestrationContext } from '@microsoft/durabletask-js';
import type { TaskHubGrpcClient, TaskHubGrpcWorker } from '@microsoft/durabletask-js';
import { startConnected, stopConnected, type EmulatorProcess } from './support/dts-fixture.js';

// The seed's Hello Cities workflows, written with plain durabletask-js (tools don't import our workflows).
const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;

async function* chaining(ctx: OrchestrationContext): AsyncGenerator<unknown, string[], string> {
  const results: string[] = [];
  for (const city of ['Tokyo', 'Seattle', 'London']) results.push(yield ctx.callActivity('say_hello', city));
  return results;
}

async function* fanOutFanIn(ctx: OrchestrationContext): AsyncGenerator<unknown, string[], string[]> {
  const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'];
  const greetings: string[] = yield whenAll(cities.map((city) => ctx.callActivity('say_hello', city)));
  return greetings;
}

describe('Hello Cities through the emulator process', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;

  beforeAll(async () => {
    ({ emulator, client, worker } = await startConnected((worker) => {
      worker.addNamedActivity('say_hello', sayHello);
      worker.addNamedOrchestrator('chaining_orchestration', chaining);
      worker.addNamedOrchestrator('fan_out_fan_in_orchestration', fanOutFanIn);
    }));
  });

  afterAll(() => stopConnected({ worker, client, emulator }));

  it('runs chaining_orchestration to the seed output', async () => {
    const id = await client.scheduleNewOrchestration('chaining_orchestration');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(state?.failureDetails).toBeUndefined();
  });

  it('runs fan_out_fan_in_orchestration to the seed output, in input order', async () => {
    const id = await client.scheduleNewOrchestration('fan_out_fan_in_orchestration');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual([
      'Hello Tokyo!',
      'Hello Seattle!',
      'Hello London!',
      'Hello Paris!',
      'Hello Berlin!',
    ]);
  });

  it('logs the worker connecting with its user agent and worker id', () => {
    expect(emulator.output()).toMatch(/worker connected to task hub 'default': durabletask-js\/0\.4\.0 \(DurableTaskWorker\) workerid=test,/);
  });
});
