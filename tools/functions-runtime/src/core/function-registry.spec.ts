import { describe, expect, it } from 'vitest';
import { FunctionRegistry } from './function-registry.js';

const http = { type: 'httpTrigger', direction: 'in' as const };

describe('FunctionRegistry (the worker rules for registrations and hooks)', () => {
  it('rejects a second function with the same id', () => {
    const registry = new FunctionRegistry();
    registry.registerFunction({ name: 'a', bindings: { t: http } }, () => undefined);
    expect(() => registry.registerFunction({ name: 'a', bindings: { t: http } }, () => undefined)).toThrow('A function with id "a" has already been registered.');
  });

  it('finds the trigger binding by its type suffix', () => {
    const registry = new FunctionRegistry();
    registry.registerFunction({ name: 'o', bindings: { in1: { type: 'durableClient', direction: 'in' }, trig: { type: 'orchestrationTrigger', direction: 'in' } } }, () => undefined);
    expect(registry.byTriggerType('orchestrationTrigger').map((f) => f.triggerName)).toEqual(['trig']);
  });

  it('unregisters a function when its disposable is disposed', () => {
    const registry = new FunctionRegistry();
    const dispose = registry.registerFunction({ name: 'a', bindings: { t: http } }, () => undefined);
    dispose();
    expect(registry.functions).toEqual([]);
  });

  it('throws a system RangeError for an unknown hook, which the library turns into its own message', () => {
    const registry = new FunctionRegistry();
    expect(() => registry.registerHook('nope', () => undefined)).toThrow(RangeError);
    expect(() => registry.registerHook('nope', () => undefined)).toThrow('Unrecognized hook "nope"');
  });
});
