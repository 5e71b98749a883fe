// list (Core Tools: get-instances): one page of instances, or every page with --all, filtered by status,
// name, id prefix and creation time.
import type { StatusPayload } from '@durable-hosts/durable-http-api';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatInstanceTable } from '../instance-view.js';
import { positiveIntegerValue, statusListValue, timeValue } from '../option-values.js';

const CONTINUATION_HEADER = 'x-ms-continuation-token';

interface ListOptions {
  status?: string;
  name?: string;
  prefix?: string;
  createdAfter?: string;
  createdBefore?: string;
  top?: number;
  continuationToken?: string;
  all?: boolean;
  input: boolean;
}

export function registerListCommand(program: Command, context: CliContext): void {
  program
    .command('list')
    .aliases(['query', 'get-instances'])
    .description('List instances, filtered by status, name, id prefix and creation time, a page at a time.')
    .option('-s, --status <names>', 'only these statuses (comma-separated, repeatable), e.g. Running,Failed', statusListValue)
    .option('-n, --name <orchestration>', 'only instances of this orchestration (filtered here, after paging)')
    .option('-p, --prefix <instanceIdPrefix>', 'only instance ids that start with this')
    .option('--created-after <time>', 'only instances created at or after this time (ISO 8601)', timeValue)
    .option('--created-before <time>', 'only instances created at or before this time (ISO 8601)', timeValue)
    .option('--top <n>', 'instances per page (default 100)', positiveIntegerValue)
    .option('--continuation-token <token>', 'the page after the one that printed this token')
    .option('-a, --all', 'follow the continuation token through every page')
    .option('--no-input', 'leave inputs out')
    .action(async (options: ListOptions, command: Command) => {
      const session = context.session(command);
      const printer = context.printer(command);
      const instances: StatusPayload[] = [];
      let token = options.continuationToken;
      for (;;) {
        const answer = await session.request('GET', 'instances', {
          query: {
            runtimeStatus: options.status,
            instanceIdPrefix: options.prefix,
            createdTimeFrom: options.createdAfter,
            createdTimeTo: options.createdBefore,
            top: options.top,
            showInput: options.input ? undefined : 'false',
          },
          headers: token ? { [CONTINUATION_HEADER]: token } : {},
        });
        instances.push(...(answer.body as StatusPayload[]));
        token = answer.headers[CONTINUATION_HEADER];
        if (!options.all || !token) break;
      }
      const wanted = options.name?.toLowerCase();
      const shown = wanted === undefined ? instances : instances.filter((status) => status.name.toLowerCase() === wanted);
      printer.result({ instances: shown, continuationToken: token ?? null }, () => formatInstanceTable(shown, printer.colors));
      if (token && !printer.json) printer.note(`More instances: add --continuation-token ${token} (or --all).`);
    });
}
