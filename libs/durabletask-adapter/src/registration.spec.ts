import { defineActivity, defineOrchestration } from '@durable-hosts/durable';
import { registerDurableTask, type DurableTaskRegistry } from './registration.js';

const greet = defineActivity('greet', (name: string) => `Hi ${name}`);
const hello = defineOrchestration('hello', function* (ctx) {
  return yield* ctx.callActivity(greet, 'you');
});

function recordingWorker() {
  const orchestrators: string[] = [];
  const activities = new Map<string, (ctx: never, input: unknown) => unknown>();
  const worker: DurableTaskRegistry = {
    addNamedOrchestrator: (name) => orchestrators.push(name),
    addNamedActivity: (name, fn) => activities.set(name, fn as (ctx: never, input: unknown) => unknown),
  };
  return { worker, orchestrators, activities };
}

describe('registerDurableTask', () => {
  it('registers orchestrations and activities under their explicit names, activities calling run(input)', async () => {
    const { worker, orchestrators, activities } = recordingWorker();
    registerDurableTask(worker, { orchestrations: [hello], activities: [greet] });
    expect(orchestrators).toEqual(['hello']);
    expect(await activities.get('greet')?.(undefined as never, 'Ana')).toBe('Hi Ana');
  });

  it('rejects two definitions with the same name', () => {
    const { worker } = recordingWorker();
    expect(() => registerDurableTask(worker, { orchestrations: [hello, hello], activities: [] })).toThrow(
      "Duplicate orchestration name 'hello'",
    );
  });
});
