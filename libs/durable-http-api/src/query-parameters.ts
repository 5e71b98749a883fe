// Query-string parameters, validated with zod. The extension parses them with .NET's TryParse and
// silently ignores what does not parse (so `top=abc` lists everything); here a value that does not parse
// answers 400 naming the parameter, the value and what is allowed. Names match case-insensitively, as
// ASP.NET's query collection does; unknown parameters (taskHub, connection, code, ...) are left alone.
import { RUNTIME_STATUS_NAMES, parseRuntimeStatus, type OrchestrationStatusCodeValue } from '@durable-hosts/dts-protocol';
import { z } from 'zod';
import { errorResponse } from './http-responses.js';
import type { DurableHttpResponse } from './durable-http-types.js';

export interface ParameterKind<T> {
  schema: z.ZodType<T, string>;
  /** Completes "expected ...", e.g. "true or false". */
  expected: string;
}

const flag: ParameterKind<boolean> = {
  schema: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false']))
    .transform((value) => value === 'true'),
  expected: 'true or false',
};

const positiveInteger: ParameterKind<number> = {
  schema: z
    .string()
    .trim()
    .regex(/^\+?\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(2_147_483_647)),
  expected: 'a whole number of 1 or more',
};

const seconds: ParameterKind<number> = {
  schema: z
    .string()
    .trim()
    .regex(/^\+?(\d+(\.\d*)?|\.\d+)$/)
    .transform((value) => Number(value) * 1000)
    .pipe(z.number().finite()),
  expected: 'a number of seconds of 0 or more, such as 30 or 0.5',
};

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/;
const time: ParameterKind<Date> = {
  schema: z
    .string()
    .trim()
    .pipe(z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]))
    // Like the extension's servers (UTC), a time without an offset is UTC.
    .transform((value) => new Date(ISO_WITHOUT_ZONE.test(value) ? `${value.includes('T') ? value : `${value}T00:00:00`}Z` : value))
    .pipe(z.date()),
  expected: 'an ISO 8601 UTC time such as 2024-05-01T00:00:00Z or a date such as 2024-05-01',
};

const statusList: ParameterKind<OrchestrationStatusCodeValue[]> = {
  schema: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(z.string().refine((name) => parseRuntimeStatus(name) !== undefined)).min(1))
    .transform((names) => names.map((name) => parseRuntimeStatus(name) as OrchestrationStatusCodeValue)),
  expected: `a comma-separated list of ${RUNTIME_STATUS_NAMES.join(', ')}`,
};

const text: ParameterKind<string> = { schema: z.string(), expected: 'text' };

/** The parameter kinds routes declare. */
export const Parameter = { flag, positiveInteger, seconds, time, statusList, text } as const;

type Shape = Record<string, ParameterKind<unknown>>;
export type QueryValues<S extends Shape> = { [K in keyof S]?: S[K] extends ParameterKind<infer T> ? T : never };
export type QueryResult<S extends Shape> = { ok: true; values: QueryValues<S> } | { ok: false; response: DurableHttpResponse };

function unknownStatuses(raw: string[]): string[] {
  return raw.flatMap((value) => value.split(',').map((part) => part.trim())).filter((part) => parseRuntimeStatus(part) === undefined);
}

function rawValues(query: URLSearchParams, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of query) if (key.toLowerCase() === wanted) values.push(value);
  return values;
}

/** Reads the parameters of `shape` from `query`; the first bad one answers 400. */
export function readQuery<S extends Shape>(query: URLSearchParams, shape: S): QueryResult<S> {
  const values: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(shape)) {
    // An empty value (`top=`) counts as not given, as the extension's TryParse treats it.
    const raw = rawValues(query, name).filter((value) => value.trim() !== '');
    if (raw.length === 0) continue;
    // A list may be repeated (runtimeStatus=Running&runtimeStatus=Failed); any other value is single.
    if (raw.length > 1 && kind !== statusList) {
      return { ok: false, response: errorResponse(400, `The query parameter '${name}' is given ${raw.length} times; give it once.`) };
    }
    const parsed = kind.schema.safeParse(kind === statusList ? raw.join(',') : raw[0]);
    if (!parsed.success) {
      const shown = kind === statusList ? unknownStatuses(raw).join(',') : raw[0];
      return { ok: false, response: errorResponse(400, `Invalid value '${shown}' for query parameter '${name}': expected ${kind.expected}.`) };
    }
    values[name] = parsed.data;
  }
  return { ok: true, values: values as QueryValues<S> };
}

/** One value checked by a parameter kind's rule, for callers other than the routes (the CLI's options). */
export function parseParameterValue<T>(kind: ParameterKind<T>, raw: string): { ok: true; value: T } | { ok: false; expected: string } {
  const parsed = kind.schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, expected: kind.expected };
}
