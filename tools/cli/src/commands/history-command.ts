// history (Core Tools: get-history): an instance's history as a table, or exported as JSON to stdout or a file,
// either as durabletask-js history events (every field) or as the HTTP API's historyEvents.
import { writeFileSync } from 'node:fs';
import { toHistoryEventsPayload } from '@durable-hosts/durable-http-api';
import type { HistoryEvent } from '@microsoft/durabletask-js';
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { OperationError } from '../cli-errors.js';
import { formatHistoryEvents } from '../instance-view.js';

type HistoryFormat = 'dts' | 'functions';

export function registerHistoryCommand(program: Command, context: CliContext): void {
  program
    .command('history')
    .alias('get-history')
    .description("Show an instance's history, or export it as JSON (--json, or --output FILE).")
    .argument('<instanceId>')
    .addOption(
      new Option('-f, --format <format>', 'dts: every durabletask history event and field; functions: the HTTP API historyEvents')
        .choices(['dts', 'functions'])
        .default('dts'),
    )
    .option('-o, --output <file>', 'write the JSON to this file')
    .action(async (instanceId: string, options: { format: HistoryFormat; output?: string }, command: Command) => {
      const session = context.session(command);
      const printer = context.printer(command);
      // The status first: the history of an unknown instance is empty, not an error, on the wire.
      await session.request('GET', `instances/${encodeURIComponent(instanceId)}`);
      let events: HistoryEvent[];
      try {
        events = await session.client.getOrchestrationHistory(instanceId);
      } catch (error) {
        throw await session.clientFailure(error);
      }
      const functionsEvents = toHistoryEventsPayload(events, { showHistoryOutput: true });
      const exported = options.format === 'functions' ? functionsEvents : events;
      if (options.output !== undefined) {
        try {
          writeFileSync(options.output, `${JSON.stringify(exported, null, 2)}\n`);
        } catch (error) {
          throw new OperationError(`Cannot write ${options.output}: ${(error as Error).message}`);
        }
        printer.result({ instanceId, events: events.length, file: options.output }, () => `Wrote ${events.length} history events of ${instanceId} to ${options.output}.`);
        return;
      }
      printer.result(exported, () => formatHistoryEvents(functionsEvents, printer.colors));
    });
}
