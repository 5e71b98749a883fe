// The worker-host client, as the standalone samples have: start an orchestration and wait for its result,
// raise an event, query status, terminate.
//   npx nx run worker-host:client -- start chaining_orchestration --wait
//   npx nx run worker-host:client -- start human_interaction_orchestration --input '{"timeoutSeconds":60}'
//   npx nx run worker-host:client -- raise <id> approval '{"approved":true,"approver":"ana"}'
//   npx nx run worker-host:client -- status <id>
//   npx nx run worker-host:client -- terminate <id> [reason]
import { parseArgs } from 'node:util';
import { createDurableTaskClient, createHostLogger, readConnectionSettings } from '@durable-hosts/durabletask-adapter';
import { OrchestrationStatus, type OrchestrationState, type TaskHubGrpcClient } from '@microsoft/durabletask-js';

const USAGE = `Usage:
  client start <orchestration> [--input JSON] [--id ID] [--wait] [--timeout SECONDS]
  client raise <instanceId> <eventName> [JSON]
  client status <instanceId>
  client terminate <instanceId> [reason]
Connects with DURABLE_TASK_SCHEDULER_CONNECTION_STRING (default: the local emulator).`;

class UsageError extends Error {}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON (${(error as Error).message}): ${text}`);
  }
}

const STATUS_NAMES: Record<OrchestrationStatus, string> = {
  [OrchestrationStatus.RUNNING]: 'Running',
  [OrchestrationStatus.COMPLETED]: 'Completed',
  [OrchestrationStatus.CONTINUED_AS_NEW]: 'ContinuedAsNew',
  [OrchestrationStatus.FAILED]: 'Failed',
  [OrchestrationStatus.TERMINATED]: 'Terminated',
  [OrchestrationStatus.PENDING]: 'Pending',
  [OrchestrationStatus.SUSPENDED]: 'Suspended',
};

function payload(value: string | undefined): unknown {
  if (value === undefined || value === '') return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function describe(state: OrchestrationState) {
  return {
    instanceId: state.instanceId,
    name: state.name,
    runtimeStatus: STATUS_NAMES[state.runtimeStatus],
    input: payload(state.serializedInput),
    output: payload(state.serializedOutput),
    customStatus: payload(state.serializedCustomStatus),
    createdTime: state.createdAt.toISOString(),
    lastUpdatedTime: state.lastUpdatedAt.toISOString(),
    ...(state.failureDetails ? { failure: { type: state.failureDetails.errorType, message: state.failureDetails.message } } : {}),
  };
}

async function run(client: TaskHubGrpcClient, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      id: { type: 'string' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) throw new UsageError('');

  switch (command) {
    case 'start': {
      const [name] = rest;
      if (name === undefined) throw new UsageError('start needs an orchestration name.');
      const input = values.input === undefined ? undefined : parseJson(values.input, '--input');
      const id = await client.scheduleNewOrchestration(name, input, values.id);
      if (!values.wait) {
        console.log(id);
        return 0;
      }
      const timeoutSeconds = Number(values.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}.`);
      const state = await client.waitForOrchestrationCompletion(id, true, timeoutSeconds);
      if (state === undefined) throw new Error(`Instance ${id} disappeared while waiting.`);
      if (state.runtimeStatus === OrchestrationStatus.COMPLETED) {
        console.log(JSON.stringify(payload(state.serializedOutput)));
        return 0;
      }
      console.error(`Instance ${id} ended ${STATUS_NAMES[state.runtimeStatus]}: ${JSON.stringify(describe(state))}`);
      return 1;
    }
    case 'raise': {
      const [instanceId, eventName, data] = rest;
      if (instanceId === undefined || eventName === undefined) throw new UsageError('raise needs an instance id and an event name.');
      await client.raiseOrchestrationEvent(instanceId, eventName, data === undefined ? null : parseJson(data, 'The event data'));
      console.log(`Raised '${eventName}' on ${instanceId}.`);
      return 0;
    }
    case 'status': {
      const [instanceId] = rest;
      if (instanceId === undefined) throw new UsageError('status needs an instance id.');
      const state = await client.getOrchestrationState(instanceId, true);
      if (state === undefined) {
        console.error(`No instance with ID '${instanceId}' found.`);
        return 1;
      }
      console.log(JSON.stringify(describe(state), null, 2));
      return 0;
    }
    case 'terminate': {
      const [instanceId, reason] = rest;
      if (instanceId === undefined) throw new UsageError('terminate needs an instance id.');
      await client.terminateOrchestration(instanceId, reason ?? null);
      console.log(`Terminated ${instanceId}.`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command '${command}'.`);
  }
}

async function main(): Promise<number> {
  let settings;
  try {
    settings = readConnectionSettings();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  // Only warnings and errors, on stderr: stdout carries the result alone.
  const client = createDurableTaskClient(settings, { logger: createHostLogger('client', 'warn') });
  try {
    return await run(client, process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      return 2;
    }
    const code = (error as { code?: number }).code;
    const hint = code === 14 ? ` Is the emulator running at ${settings.endpoint}? Start it with: npx nx serve emulator` : '';
    console.error(`${(error as Error).message}${hint}`);
    return 1;
  }
}

// Exit at once: TaskHubGrpcClient.stop() sleeps a second, and the OS closes the channel anyway.
process.exit(await main());
