import { defineActivity } from '@durable-hosts/durable';

/** The seed's only activity: greets a city. */
export const sayHello = defineActivity('say_hello', (city: string) => `Hello ${city}!`);
