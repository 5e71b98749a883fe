// What every command gets from the command line's global options: the connection (made on first use),
// and a printer that writes JSON for scripts (--json) or text for people, in colour only on a terminal.
import type { Command } from 'commander';
import { resolveConnection } from './connection.js';
import { ManagementSession } from './management-session.js';
import { colorsFor, type Colors } from './terminal-colors.js';

export interface GlobalOptions {
  connectionString?: string;
  endpoint?: string;
  taskHub?: string;
  json?: boolean;
  color?: boolean;
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface Printer {
  readonly json: boolean;
  readonly colors: Colors;
  /** The command's result: `value` as JSON with --json, else `text()`. */
  result(value: unknown, text: () => string): void;
  /** A line for people on stderr (hints, progress); never mixed into the result. */
  note(text: string): void;
}

export class CliContext {
  #session: ManagementSession | undefined;

  constructor(readonly io: CliIo) {}

  options(command: Command): GlobalOptions {
    return command.optsWithGlobals<GlobalOptions>();
  }

  session(command: Command): ManagementSession {
    this.#session ??= new ManagementSession(resolveConnection(this.options(command), this.io.env));
    return this.#session;
  }

  printer(command: Command): Printer {
    const options = this.options(command);
    const env = options.color === false ? { ...this.io.env, NO_COLOR: '1', FORCE_COLOR: undefined } : this.io.env;
    const colors = colorsFor(this.io.stdout, env);
    const noteColors = colorsFor(this.io.stderr, env);
    const { stdout, stderr } = this.io;
    const json = options.json === true;
    return {
      json,
      colors,
      result(value, text) {
        stdout.write(`${json ? JSON.stringify(value, null, 2) : text()}\n`);
      },
      note(text) {
        stderr.write(`${noteColors.dim(text)}\n`);
      },
    };
  }
}
