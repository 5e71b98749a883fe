// The peer's side of Hello Cities: the same chaining workflow as a Restate service, served by the
// Restate SDK that the benchmark installed into its own cache (not a workspace dependency, so it is
// loaded by file path and typed here by the little we use).
//   Hello/chaining       — three durable steps (ctx.run) in sequence, each returning "Hello {city}!"
//   Hello/chainingCalls  — three calls to Greeter/sayHello in sequence (each one its own invocation,
//                          the closer analogue of a Durable Task activity)
import { pathToFileURL } from 'node:url';

interface RestateContext {
  run<T>(name: string, action: () => T | Promise<T>): PromiseLike<T>;
  serviceClient(definition: unknown): { sayHello(city: string): PromiseLike<string> };
}
interface RestateSdk {
  service(definition: {
    name: string;
    handlers: Record<string, (ctx: RestateContext, input: never) => Promise<unknown>>;
  }): unknown;
  endpoint(): RestateEndpoint;
}
interface RestateEndpoint {
  bind(service: unknown): RestateEndpoint;
  listen(port?: number): Promise<number>;
}

const DEFAULT_CITIES = ['Tokyo', 'Seattle', 'London'];

const entry = process.env.RESTATE_SDK_ENTRY;
if (!entry) throw new Error('RESTATE_SDK_ENTRY is not set: this service is started by the benchmark.');
const restate = (await import(pathToFileURL(entry).href)) as RestateSdk;

const greeter = restate.service({
  name: 'Greeter',
  handlers: {
    sayHello: async (_ctx: RestateContext, city: string) => `Hello ${city}!`,
  },
});

const hello = restate.service({
  name: 'Hello',
  handlers: {
    chaining: async (ctx: RestateContext, cities?: string[]) => {
      const greetings: string[] = [];
      for (const city of cities ?? DEFAULT_CITIES)
        greetings.push(await ctx.run('say_hello', () => `Hello ${city}!`));
      return greetings;
    },
    chainingCalls: async (ctx: RestateContext, cities?: string[]) => {
      const greetings: string[] = [];
      for (const city of cities ?? DEFAULT_CITIES)
        greetings.push(await ctx.serviceClient(greeter).sayHello(city));
      return greetings;
    },
  },
});

const port = await restate
  .endpoint()
  .bind(hello)
  .bind(greeter)
  .listen(Number(process.env.PORT ?? 0));
console.log(`Restate service listening on ${port}`);
