// The `durable` command line: global connection and output options, then one command per operation. Every
// command answers --help (exit 0); a wrong command line exits 2, a failed operation 1, each with one message.
import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import { stripGrpcPrefix } from '@durable-hosts/durable-http-api';
import { Command, CommanderError } from 'commander';
import { CliContext, type CliIo } from './cli-context.js';
import { OperationError, UsageError } from './cli-errors.js';
import { registerEntityCommands } from './commands/entity-commands.js';
import { registerHistoryCommand } from './commands/history-command.js';
import { registerInstanceCommands } from './commands/instance-commands.js';
import { registerListCommand } from './commands/list-command.js';
import { registerStartCommands } from './commands/start-commands.js';
import { colorsFor } from './terminal-colors.js';

export function buildProgram(context: CliContext): Command {
  const { io } = context;
  const errorColors = colorsFor(io.stderr, io.env);
  const program = new Command('durable')
    .description('A client for Durable Task Scheduler task hubs: the local emulator or Azure DTS.')
    .option('-c, --connection-string <value>', `the DTS connection string (default: $${CONNECTION_STRING_SETTING}, else the local emulator)`)
    .option('--endpoint <url>', 'replace the Endpoint of the connection string, e.g. http://localhost:8080')
    .option('--task-hub <name>', 'replace the TaskHub of the connection string')
    .option('--json', 'print JSON for scripts (one document on stdout)')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1)')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(errorColors.red(text)),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  durable start chaining_orchestration --wait
  durable list --status Running,Failed
  durable status <id> --history
  durable raise <id> approval '{"approved":true}'
  durable entity signal counter k1 add 5 && durable entity get counter k1`,
  );
  registerStartCommands(program, context);
  registerInstanceCommands(program, context);
  registerListCommand(program, context);
  registerHistoryCommand(program, context);
  registerEntityCommands(program, context);
  return program;
}

/** Runs the command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context = new CliContext(io);
  const program = buildProgram(context);
  const errorColors = colorsFor(io.stderr, io.env);
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers; everything else commander refused is a usage error it has printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof OperationError) {
      io.stderr.write(`${errorColors.red(`error: ${error.message}`)}\n`);
      return error.exitCode;
    }
    io.stderr.write(`${errorColors.red(`error: ${stripGrpcPrefix((error as Error)?.message ?? String(error))}`)}\n`);
    return 1;
  }
}
