// start (Core Tools: start-new) and restart: schedule an instance, optionally wait for its output.
import { parseSerialized, runtimeStatusName, type CheckStatusPayload } from '@durable-hosts/durable-http-api';
import { OrchestrationStatus } from '@microsoft/durabletask-js';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { OperationError } from '../cli-errors.js';
import { readInput, secondsValue, timeValue, toDate } from '../option-values.js';

const DEFAULT_WAIT_SECONDS = 60;

interface WaitOptions {
  wait?: boolean;
  timeout: number;
}

/** Waits for a finished instance: prints its output JSON (exit 0), or says how it ended (exit 1). */
async function waitAndPrint(context: CliContext, command: Command, instanceId: string, timeoutSeconds: number): Promise<void> {
  const session = context.session(command);
  const printer = context.printer(command);
  let state;
  try {
    state = await session.client.waitForOrchestrationCompletion(instanceId, true, timeoutSeconds);
  } catch (error) {
    if (/timed? ?out|deadline/i.test((error as Error).message)) {
      throw new OperationError(`Instance ${instanceId} did not finish within ${timeoutSeconds} s; see it with: durable status ${instanceId}`);
    }
    throw await session.clientFailure(error);
  }
  if (state === undefined) throw new OperationError(`Instance ${instanceId} disappeared while waiting (was it purged?).`);
  const output = parseSerialized(state.serializedOutput);
  if (state.runtimeStatus === OrchestrationStatus.COMPLETED) {
    // The output is data: compact JSON, whatever the output mode (`start ... --wait` in the README).
    context.io.stdout.write(`${JSON.stringify(output)}\n`);
    return;
  }
  const status = runtimeStatusName(state.runtimeStatus);
  const why = state.failureDetails ? `${state.failureDetails.errorType}: ${state.failureDetails.message}` : JSON.stringify(output);
  if (printer.json) printer.result({ instanceId, runtimeStatus: status, output, failureDetails: state.failureDetails ?? null }, () => '');
  throw new OperationError(`Instance ${instanceId} ended ${status}: ${why}`);
}

export function registerStartCommands(program: Command, context: CliContext): void {
  program
    .command('start')
    .alias('start-new')
    .description('Schedule a new orchestration instance; prints its id (or, with --wait, its output JSON).')
    .argument('<orchestration>', 'the orchestration name, e.g. chaining_orchestration')
    .option('-i, --input <json>', "the input as JSON, e.g. '[\"Paris\"]' (default: null)")
    .option('--input-file <path>', 'read the input JSON from a file')
    .option('--id <instanceId>', 'the instance id (default: a new GUID)')
    .option('--at <time>', 'start at this time (ISO 8601, e.g. 2030-01-01T09:00:00Z) instead of now', timeValue)
    .option('--version <version>', 'the orchestration version to start')
    .option('-w, --wait', 'wait for the instance to finish and print its output')
    .option('-t, --timeout <seconds>', 'how long --wait waits', secondsValue, DEFAULT_WAIT_SECONDS)
    .action(async (name: string, options: WaitOptions & { input?: string; inputFile?: string; id?: string; at?: string; version?: string }, command: Command) => {
      const input = readInput(options);
      const session = context.session(command);
      let instanceId: string;
      try {
        instanceId = await session.client.scheduleNewOrchestration(name, input, {
          instanceId: options.id,
          startAt: options.at === undefined ? undefined : toDate(options.at),
          version: options.version,
        });
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === 6 /* ALREADY_EXISTS */) {
          throw new OperationError(`An instance with ID '${options.id}' already exists and has not finished. Wait for it, terminate it, or use another --id.`);
        }
        throw await session.clientFailure(error);
      }
      if (options.wait) return waitAndPrint(context, command, instanceId, options.timeout);
      context.printer(command).result({ id: instanceId, name, scheduledStartTime: options.at ?? null }, () => instanceId);
    });

  program
    .command('restart')
    .description('Start a finished (or running) instance again with its original input; prints the new instance id.')
    .argument('<instanceId>')
    .option('--same-id', 'reuse the instance id (the instance must have finished); default: a new id')
    .option('-w, --wait', 'wait for the restarted instance to finish and print its output')
    .option('-t, --timeout <seconds>', 'how long --wait waits', secondsValue, DEFAULT_WAIT_SECONDS)
    .action(async (instanceId: string, options: WaitOptions & { sameId?: boolean }, command: Command) => {
      const answer = await context.session(command).request('POST', `instances/${encodeURIComponent(instanceId)}/restart`, {
        query: { restartWithNewInstanceId: options.sameId ? 'false' : 'true' },
      });
      const newId = (answer.body as CheckStatusPayload).id;
      if (options.wait) return waitAndPrint(context, command, newId, options.timeout);
      context.printer(command).result({ id: newId, restartedFrom: instanceId }, () => newId);
    });
}
