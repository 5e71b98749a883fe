// Option values checked with the same rules as the HTTP API's query parameters (one rule for both), so a
// bad --top or --created-after is a usage error (exit 2) that says what is expected.
import { readFileSync } from 'node:fs';
import { Parameter, parseParameterValue, type ParameterKind } from '@durable-hosts/durable-http-api';
import { InvalidArgumentError } from 'commander';
import { UsageError } from './cli-errors.js';

function checked<T>(kind: ParameterKind<T>) {
  return (raw: string): string => {
    const parsed = parseParameterValue(kind, raw);
    if (!parsed.ok) throw new InvalidArgumentError(`Expected ${parsed.expected}.`);
    return raw.trim();
  };
}

export const positiveIntegerValue = (raw: string): number => {
  const parsed = parseParameterValue(Parameter.positiveInteger, raw);
  if (!parsed.ok) throw new InvalidArgumentError(`Expected ${parsed.expected}.`);
  return parsed.value;
};

export const secondsValue = (raw: string): number => {
  const parsed = parseParameterValue(Parameter.seconds, raw);
  if (!parsed.ok || parsed.value <= 0) throw new InvalidArgumentError('Expected a number of seconds above 0, such as 30 or 0.5.');
  return parsed.value / 1000;
};

/** An ISO time, kept as text (the API reads it again). */
export const timeValue = checked(Parameter.time);

/** The Date of a checked time option. */
export function toDate(raw: string): Date {
  const parsed = parseParameterValue(Parameter.time, raw);
  if (!parsed.ok) throw new UsageError(`'${raw}' is not ${parsed.expected}.`);
  return parsed.value;
}

/** `--status Running,Failed --status Pending` → one comma-separated list. */
export function statusListValue(raw: string, previous: string | undefined): string {
  checked(Parameter.statusList)(raw);
  return previous ? `${previous},${raw.trim()}` : raw.trim();
}

/** JSON given on the command line (`what` names it in the error). */
export function parseJsonArgument(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON (${(error as Error).message}): ${text}. Quote it for your shell, e.g. '{"approved":true}' or '"text"'.`);
  }
}

/** --input / --input-file: at most one; none means null (as an HTTP start with an empty body). */
export function readInput(options: { input?: string; inputFile?: string }): unknown {
  if (options.input !== undefined && options.inputFile !== undefined) throw new UsageError('Give --input or --input-file, not both.');
  if (options.inputFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.inputFile, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read --input-file ${options.inputFile}: ${(error as Error).message}`);
    }
    return parseJsonArgument(text, `--input-file ${options.inputFile}`);
  }
  return options.input === undefined ? null : parseJsonArgument(options.input, '--input');
}
