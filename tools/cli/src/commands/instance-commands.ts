// status, raise, terminate, suspend, resume, rewind and purge: each goes through the shared management API,
// so unknown instances, finished instances and state conflicts are refused with the API's own words.
import type { StatusPayload } from '@durable-hosts/durable-http-api';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { OperationError, UsageError } from '../cli-errors.js';
import { formatStatus } from '../instance-view.js';
import { parseJsonArgument, statusListValue, timeValue } from '../option-values.js';

const instancePath = (instanceId: string) => `instances/${encodeURIComponent(instanceId)}`;

/** Purge by filter with no lower bound: the API needs createdTimeFrom, so "since ever". */
const EPOCH = '1970-01-01T00:00:00Z';

export function registerInstanceCommands(program: Command, context: CliContext): void {
  program
    .command('status')
    .alias('get-runtime-status')
    .description("Show an instance's status, input, output and custom status (the HTTP API's status JSON with --json).")
    .argument('<instanceId>')
    .option('--history', 'include the history events')
    .option('--history-output', 'include activity and orchestration results in the history')
    .option('--no-input', 'leave inputs out')
    .action(async (instanceId: string, options: { history?: boolean; historyOutput?: boolean; input: boolean }, command: Command) => {
      const answer = await context.session(command).request('GET', instancePath(instanceId), {
        query: {
          showHistory: options.history || options.historyOutput ? 'true' : undefined,
          showHistoryOutput: options.historyOutput ? 'true' : undefined,
          showInput: options.input ? undefined : 'false',
        },
      });
      const printer = context.printer(command);
      printer.result(answer.body, () => formatStatus(answer.body as StatusPayload, printer.colors));
    });

  program
    .command('raise')
    .alias('raise-event')
    .description('Raise an external event on an instance, e.g. raise <id> approval \'{"approved":true}\'.')
    .argument('<instanceId>')
    .argument('<eventName>')
    .argument('[data]', 'the event data as JSON (default: null)')
    .action(async (instanceId: string, eventName: string, data: string | undefined, _options: unknown, command: Command) => {
      const payload = data === undefined ? null : parseJsonArgument(data, 'The event data');
      await context.session(command).request('POST', `${instancePath(instanceId)}/raiseEvent/${encodeURIComponent(eventName)}`, { body: payload });
      context.printer(command).result({ instanceId, eventName, raised: true }, () => `Raised '${eventName}' on ${instanceId}.`);
    });

  const stateChanges: Array<[string, string, string]> = [
    ['terminate', 'Terminate a running, pending or suspended instance; the reason becomes its output.', 'Terminated'],
    ['suspend', 'Suspend a running instance (it keeps its events until resumed).', 'Suspended'],
    ['resume', 'Resume a suspended instance.', 'Resumed'],
    ['rewind', 'Rewind a failed instance so that it runs again from its last good point.', 'Rewound'],
  ];
  for (const [operation, description, done] of stateChanges) {
    program
      .command(operation)
      .description(description)
      .argument('<instanceId>')
      .argument('[reason]', 'why (recorded with the operation)')
      .action(async (instanceId: string, reason: string | undefined, _options: unknown, command: Command) => {
        await context.session(command).request('POST', `${instancePath(instanceId)}/${operation}`, { query: { reason } });
        context.printer(command).result({ instanceId, operation, accepted: true }, () => `${done} ${instanceId}.`);
      });
  }

  program
    .command('purge')
    .alias('purge-history')
    .description('Delete finished instances and their history: one by id, or every one that matches a filter.')
    .argument('[instanceId]', 'the instance to purge')
    .option('-s, --status <names>', 'only these statuses (comma-separated, repeatable; default: Completed, Failed, Terminated)', statusListValue)
    .option('--created-after <time>', 'only instances created at or after this time (ISO 8601)', timeValue)
    .option('--created-before <time>', 'only instances created before this time (ISO 8601; default: now)', timeValue)
    .option('--all', 'every finished instance (no other filter needed)')
    .action(
      async (
        instanceId: string | undefined,
        options: { status?: string; createdAfter?: string; createdBefore?: string; all?: boolean },
        command: Command,
      ) => {
        const session = context.session(command);
        const printer = context.printer(command);
        const hasFilter = options.status !== undefined || options.createdAfter !== undefined || options.createdBefore !== undefined || options.all === true;
        if (instanceId !== undefined && hasFilter) throw new UsageError('Give an instance id or a filter (--status, --created-after, --created-before, --all), not both.');
        if (instanceId === undefined && !hasFilter) {
          throw new UsageError('Say what to purge: an instance id, or a filter (--status, --created-after, --created-before), or --all.');
        }
        let deleted: number;
        if (instanceId !== undefined) {
          deleted = ((await session.request('DELETE', instancePath(instanceId))).body as { instancesDeleted: number }).instancesDeleted;
        } else {
          try {
            const answer = await session.request('DELETE', 'instances', {
              query: {
                createdTimeFrom: options.createdAfter ?? EPOCH,
                createdTimeTo: options.createdBefore,
                runtimeStatus: options.status ?? 'Completed,Failed,Terminated',
              },
            });
            deleted = (answer.body as { instancesDeleted: number }).instancesDeleted;
          } catch (error) {
            // The API answers 404 when nothing matched; for a filter that is an answer, not a failure.
            if (!(error instanceof OperationError) || !/No instances matched/.test(error.message)) throw error;
            deleted = 0;
          }
        }
        printer.result({ instancesDeleted: deleted }, () => `Purged ${deleted} instance${deleted === 1 ? '' : 's'}.`);
      },
    );
}
