// entity signal / get / list: durable entities through the HTTP API's entity routes (entities/{name}/{key}).
import type { EntityStatusPayload } from '@durable-hosts/durable-http-api';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatEntityTable } from '../instance-view.js';
import { parseJsonArgument, positiveIntegerValue } from '../option-values.js';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
/** The API's name for the empty key. */
const keySegment = (key: string) => (key === '' ? '$' : encodeURIComponent(key));

export function registerEntityCommands(program: Command, context: CliContext): void {
  const entity = program.command('entity').description('Signal, read and list durable entities (e.g. entity signal counter k1 add 5).');

  entity
    .command('signal')
    .description('Send an operation to an entity (one-way; it runs when the entity gets to it).')
    .argument('<name>', 'the entity name, e.g. counter')
    .argument('<key>', 'the entity key, e.g. k1')
    .argument('<operation>', 'the operation, e.g. add')
    .argument('[input]', 'the operation input as JSON (default: none)')
    .action(async (name: string, key: string, operation: string, input: string | undefined, _options: unknown, command: Command) => {
      const body = input === undefined ? undefined : parseJsonArgument(input, 'The operation input');
      await context.session(command).request('POST', `entities/${encodeURIComponent(name)}/${keySegment(key)}`, { query: { op: operation }, body });
      context.printer(command).result({ entity: name, key, operation, signalled: true }, () => `Signalled ${operation} on @${name.toLowerCase()}@${key}.`);
    });

  entity
    .command('get')
    .description("Print an entity's state as JSON (exit 1 when the entity does not exist).")
    .argument('<name>')
    .argument('<key>')
    .action(async (name: string, key: string, _options: unknown, command: Command) => {
      const answer = await context.session(command).request('GET', `entities/${encodeURIComponent(name)}/${keySegment(key)}`);
      context.printer(command).result(answer.body, () => JSON.stringify(answer.body, null, 2));
    });

  entity
    .command('list')
    .description('List entities, of one name or all, with their last operation time (and state with --state).')
    .argument('[name]', 'only entities of this name')
    .option('--state', 'include each entity state')
    .option('--top <n>', 'entities per page', positiveIntegerValue)
    .option('--continuation-token <token>', 'the page after the one that printed this token')
    .option('-a, --all', 'follow the continuation token through every page')
    .action(async (name: string | undefined, options: { state?: boolean; top?: number; continuationToken?: string; all?: boolean }, command: Command) => {
      const session = context.session(command);
      const printer = context.printer(command);
      const entities: EntityStatusPayload[] = [];
      let token = options.continuationToken;
      for (;;) {
        const answer = await session.request('GET', name === undefined ? 'entities' : `entities/${encodeURIComponent(name)}`, {
          query: { fetchState: options.state ? 'true' : undefined, top: options.top },
          headers: token ? { [CONTINUATION_HEADER]: token } : {},
        });
        entities.push(...(answer.body as EntityStatusPayload[]));
        token = answer.headers[CONTINUATION_HEADER];
        if (!options.all || !token) break;
      }
      printer.result({ entities, continuationToken: token ?? null }, () => formatEntityTable(entities, options.state === true, printer.colors));
      if (token && !printer.json) printer.note(`More entities: add --continuation-token ${token} (or --all).`);
    });
}
