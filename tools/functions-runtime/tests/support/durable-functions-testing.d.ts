// durable-functions ships its testing helpers without typings for the deep path.
declare module 'durable-functions/lib/src/util/testingUtils.js' {
  import type { InvocationContext } from '@azure/functions';
  const testingUtils: {
    createOrchestrator(fn: unknown): (trigger: unknown, context: unknown) => Promise<unknown>;
    DummyOrchestrationContext: new (functionName?: string, invocationId?: string, logHandler?: (...args: unknown[]) => void) => InvocationContext;
  };
  export default testingUtils;
}
