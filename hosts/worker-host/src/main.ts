// worker-host: a standalone Durable Task worker running every workflow from @durable-hosts/workflows.
// `npx nx serve worker-host` (starts the emulator first) or
// `node --conditions=@durable-hosts/source --import tsx hosts/worker-host/src/main.ts`.
import { createDurableTaskWorker, createHostLogger, stopOnSignals } from '@durable-hosts/durabletask-adapter';
import { readConnectionSettings } from '@durable-hosts/dts-connection';
import { activities, entities, orchestrations } from '@durable-hosts/workflows';

// 1. Where to connect: DURABLE_TASK_SCHEDULER_CONNECTION_STRING, or the local emulator.
const settings = readConnectionSettings();
const logger = createHostLogger('worker-host');

// 2. One worker with every orchestration, activity and entity, under their explicit names.
const worker = createDurableTaskWorker(settings, { orchestrations, activities, entities, logger });

// 3. Ctrl+C / SIGTERM: stop taking work, finish what is in flight, exit 0.
let stopping = false;
stopOnSignals(
  () => {
    stopping = true;
    return worker.stop();
  },
  { log: (message) => logger.info(message) },
);

// 4. Connect (waiting for the endpoint if it is not up yet).
logger.info(
  `Connecting to ${settings.endpoint} (task hub '${settings.taskHub}') with ${orchestrations.length} orchestrations` +
    `, ${activities.length} activities and ${entities.length} entities: ${orchestrations.map((o) => o.name).join(', ')}; ` +
    `entities ${entities.map((e) => e.name).join(', ')}.`,
);
worker.start().then(
  () => logger.info(`Worker ${worker.workerId} is ready for work items.`),
  (error: unknown) => {
    if (stopping) return;
    logger.error(`Worker did not start: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
