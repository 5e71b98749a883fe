import { defineActivity, defineEntity, defineOrchestration } from '@durable-hosts/durable';
import type { EntityFactory } from '@microsoft/durabletask-js';
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

const tally = defineEntity('Tally', { initialState: 0, operations: { add: (ctx, n: number) => (ctx.state += n) } });

describe('registerDurableTask', () => {
  it('registers entities under their explicit names, and refuses a worker that runs no entities', () => {
    const entities = new Map<string, EntityFactory>();
    const worker: DurableTaskRegistry = {
      addNamedOrchestrator: () => undefined,
      addNamedActivity: () => undefined,
      addNamedEntity: (name, factory) => entities.set(name, factory),
    };
    registerDurableTask(worker, { orchestrations: [], activities: [], entities: [tally] });
    expect([...entities.keys()]).toEqual(['Tally']);
    expect(() =>
      registerDurableTask(recordingWorker().worker, { orchestrations: [], activities: [], entities: [tally] }),
    ).toThrow("Cannot register entity 'Tally': this worker has no addNamedEntity");
  });

  it('refuses two entities whose names differ only in case (entity names are case-insensitive)', () => {
    const other = defineEntity('tally', { initialState: 0, operations: { get: (ctx) => ctx.state } });
    const worker = { ...recordingWorker().worker, addNamedEntity: () => undefined };
    expect(() => registerDurableTask(worker, { orchestrations: [], activities: [], entities: [tally, other] })).toThrow(
      "Duplicate entity name 'tally'",
    );
  });

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
