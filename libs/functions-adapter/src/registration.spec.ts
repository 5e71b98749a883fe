import { defineActivity, defineEntity, defineOrchestration } from '@durable-hosts/durable';
import type * as df from 'durable-functions';
import { registerDurableFunctions, type DurableFunctionsApp } from './registration.js';

const greet = defineActivity('greet', (name: string) => `Hi ${name}`);
const hello = defineOrchestration('hello', function* (ctx) {
  return yield* ctx.callActivity(greet, 'you');
});

function recordingApp() {
  const orchestrations = new Map<string, df.OrchestrationHandler>();
  const activities = new Map<string, (input: unknown) => unknown>();
  const entities = new Map<string, df.EntityHandler<unknown>>();
  const app: DurableFunctionsApp = {
    orchestration: (name, handler) => orchestrations.set(name, handler),
    activity: (name, options) => activities.set(name, options.handler),
    entity: (name, handler) => entities.set(name, handler),
  };
  return { app, orchestrations, activities, entities };
}

describe('registerDurableFunctions', () => {
  it('registers sync generator orchestrations and activities under their explicit names', async () => {
    const { app, orchestrations, activities } = recordingApp();
    registerDurableFunctions({ orchestrations: [hello], activities: [greet] }, app);
    expect([...orchestrations.keys()]).toEqual(['hello']);
    // durable-functions v3 drives only sync generators.
    expect(Object.prototype.toString.call(orchestrations.get('hello'))).toBe('[object GeneratorFunction]');
    expect(await activities.get('greet')?.('Ana')).toBe('Hi Ana');
  });

  it('registers entities with df.app.entity under their explicit names', () => {
    const tally = defineEntity('tally', { initialState: 0, operations: { get: (ctx) => ctx.state } });
    const { app, entities } = recordingApp();
    registerDurableFunctions({ orchestrations: [], activities: [], entities: [tally] }, app);
    expect([...entities.keys()]).toEqual(['tally']);
  });

  it('rejects two definitions with the same name', () => {
    const { app } = recordingApp();
    expect(() => registerDurableFunctions({ orchestrations: [], activities: [greet, greet] }, app)).toThrow(
      "Duplicate activity name 'greet'",
    );
  });
});
