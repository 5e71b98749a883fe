#!/usr/bin/env node
// functions-runtime <appDir> [--port <n>] [--host 127.0.0.1]: runs a Functions v4 Node app with Node alone
// (the port: --port, else local.settings.json Host.LocalHttpPort, else 7071, as func start picks it).
import { parseArgs } from 'node:util';
import { startFunctionsRuntime } from './functions-runtime.js';
import { consoleLogger } from './runtime-logger.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean' } },
});

if (values.help || positionals.length !== 1) {
  console.log('Usage: functions-runtime <appDir> [--port 7071] [--host 127.0.0.1]');
  process.exit(values.help ? 0 : 2);
}

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`--port must be a port number (0-65535), got '${values.port}'.`);
  process.exit(2);
}

try {
  const runtime = await startFunctionsRuntime({ appDir: positionals[0], port, host: values.host, log: consoleLogger });
  if (!/^(127\.|localhost$|::1$)/.test(values.host)) {
    consoleLogger(
      'warn',
      `WARNING: listening on ${values.host}, not a loopback address: function keys are not enforced locally, so ` +
        'anyone who can reach this machine can call every function and the Durable management API.',
    );
  }
  const shutdown = (signal: string) => {
    consoleLogger('info', `${signal}: stopping the host.`);
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  // The app's own stack (an entry point or appStart hook that threw) is what the user needs to see.
  const failure = error as Error;
  const detail = failure.cause instanceof Error ? (failure.stack ?? failure.message) : failure.message;
  console.error(`functions-runtime could not start: ${detail}`);
  process.exit(1);
}
