// The emulator's command line: read the settings, start, print where it listens, stop cleanly on signals.
import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import { readEmulatorConfig, USAGE } from './emulator-config.js';
import { PortInUseError, runEmulator } from './emulator.js';
import { endpointElsewhere, portAnswers } from './host-dependency.js';

function log(line: string): void {
  console.log(`[emulator] ${line}`);
}

/** Keeps a host's continuous `serve` dependency alive without serving anything, until a signal. */
function standBy(reason: string): void {
  const keepAlive = setInterval(() => undefined, 1 << 30);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      clearInterval(keepAlive);
      process.exit(0);
    });
  }
  log(`${reason} Not starting the local emulator.`);
}

async function main(): Promise<void> {
  // --if-needed: started by a host's `nx serve` (see host-dependency.ts).
  const ifNeeded = process.argv.includes('--if-needed');
  let config;
  try {
    config = readEmulatorConfig(
      process.argv.slice(2).filter((arg) => arg !== '--if-needed'),
      process.env,
      log,
    );
  } catch (err) {
    console.error(`[emulator] ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(USAGE);
    return;
  }
  if (ifNeeded) {
    const elsewhere = endpointElsewhere(process.env[CONNECTION_STRING_SETTING], config.grpcPort);
    if (elsewhere) return standBy(`${CONNECTION_STRING_SETTING} points to ${elsewhere}, so the host uses that scheduler.`);
    if (await portAnswers(config.host, config.grpcPort)) {
      return standBy(`A scheduler already listens on ${config.host}:${config.grpcPort}; the host will use it.`);
    }
  }
  let emulator;
  try {
    emulator = await runEmulator(config);
  } catch (err) {
    if (ifNeeded && err instanceof PortInUseError) {
      return standBy(`${err.message} The host will use the scheduler that already listens there.`);
    }
    console.error(`[emulator] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  const hub = config.taskHubs[0];
  log(`gRPC (TaskHubSidecarService) listening on ${config.host}:${emulator.grpcPort}`);
  log(`dashboard listening on http://${config.host}:${emulator.dashboardPort}`);
  log(`database: ${config.dbFile}`);
  log(`task hubs: ${config.taskHubs.join(', ')}`);
  log(`connection string: Endpoint=http://localhost:${emulator.grpcPort};TaskHub=${hub};Authentication=None`);
  if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(config.host)) {
    // Neither gRPC nor the dashboard has authentication: say so when other machines can reach them.
    log(
      `WARNING: listening on ${config.host}, not a loopback address: anyone who can reach this machine can start, ` +
        'read and terminate orchestrations. Use --host 127.0.0.1 unless that is what you want.',
    );
  }
  console.log(`Emulator ready: gRPC ${config.host}:${emulator.grpcPort}, dashboard http://${config.host}:${emulator.dashboardPort}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    emulator
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error('[emulator] shutdown failed:', err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
