// express-host: Express 5 with the seed's starters and the Durable HTTP management API, plus an
// in-process worker (DURABLE_WORKER=off leaves the work to a separate worker-host).
// `npx nx serve express-host`, then `curl -X POST localhost:3000/api/StartChaining`.
import type { Server } from 'node:http';
import { createDurableTaskWorker, createHostLogger, stopOnSignals } from '@durable-hosts/durabletask-adapter';
import { createDurableTaskClient, readConnectionSettings, type DurableTaskWorkerHandle } from '@durable-hosts/dts-connection';
import { activities, entities, orchestrations } from '@durable-hosts/workflows';
import { createExpressApp } from './express-app.js';

// 1. Settings: the DTS connection string, the port, whether this process also runs the worker.
const settings = readConnectionSettings();
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise: the management API can terminate and purge any instance.
const host = process.env.HOST ?? '127.0.0.1';
const runWorker = !['off', 'false', '0', 'no'].includes((process.env.DURABLE_WORKER ?? 'on').trim().toLowerCase());
const logger = createHostLogger('express-host');
let stopping = false;

// 2. A client for the starters and the management API.
const client = createDurableTaskClient(settings);
const { app } = createExpressApp({ client, taskHub: settings.taskHub, orchestrationNames: orchestrations.map((o) => o.name) });

// 3. The in-process worker, unless switched off.
let worker: DurableTaskWorkerHandle | undefined;
if (runWorker) {
  worker = createDurableTaskWorker(settings, { orchestrations, activities, entities, logger });
  worker.start().then(
    () => logger.info(`In-process worker connected to ${settings.endpoint} (task hub '${settings.taskHub}').`),
    (error: unknown) => {
      if (!stopping) logger.error(`In-process worker did not start: ${(error as Error).message}`);
    },
  );
} else {
  logger.info('DURABLE_WORKER=off: no in-process worker; run worker-host (npx nx serve worker-host) to execute orchestrations.');
}

// 4. Listen.
const server: Server = app.listen(port, host, (error?: Error) => {
  if (error) {
    logger.error(`Cannot listen on ${host}:${port}: ${error.message}. Set PORT to a free port.`);
    process.exit(1);
  }
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  logger.info(`Listening on http://${host}:${actual} (POST /api/StartChaining, /api/StartFanOutFanIn, /api/orchestrators/{name}).`);
  if (!/^(127\.|localhost$|::1$)/.test(host)) {
    logger.warn(
      `WARNING: HOST=${host} is not a loopback address: anyone who can reach this machine can start, terminate and ` +
        'purge orchestrations through the management API.',
    );
  }
});

// 5. SIGINT/SIGTERM: stop accepting requests, let the worker finish in-flight work, exit 0.
stopOnSignals(
  async () => {
    stopping = true;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await worker?.stop();
    await client.stop();
  },
  { log: (message) => logger.info(message) },
);
