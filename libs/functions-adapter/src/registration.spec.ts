import { defineActivity, defineOrchestration } from '@durable-hosts/durable';
import type * as df from 'durable-functions';
import { registerDurableFunctions, type DurableFunctionsApp } from './registration.js';

const greet = defineActivity('greet', (name: string) => `Hi ${name}`);
const hello = defineOrchestration('hello', function* (ctx) {
  return yield* ctx.callActivity(greet, 'you');
});

function recordingApp() {
  const orchestrations = new Map<string, df.OrchestrationHandler>();
  const activities = new Map<string, (input: unknown) => unknown>();
  const app: DurableFunctionsApp = {
    orchestration: (name, handler) => orchestrations.set(name, handler),
    activity: (name, options) => activities.set(name, options.handler),
  };
  return { app, orchestrations, activities };
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

  it('rejects two definitions with the same name', () => {
    const { app } = recordingApp();
    expect(() => registerDurableFunctions({ orchestrations: [], activities: [greet, greet] }, app)).toThrow(
      "Duplicate activity name 'greet'",
    );
  });
});
