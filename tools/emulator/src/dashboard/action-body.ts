// The JSON bodies of the dashboard's actions, as zod schemas, and the one place that turns a schema's
// complaint into a message naming the field and the value sent ("'name' must be a string, got 5.").
import { z } from 'zod';
import { ApiError } from './api-error.js';

const absentIfEmpty = (value: unknown): unknown => (value === null || value === '' ? undefined : value);
const absentIfNull = (value: unknown): unknown => value ?? undefined;

/** A string; null and "" count as not given. */
export const optionalText = z.preprocess(absentIfEmpty, z.string({ error: 'must be a string' }).optional());

/** A string that is not blank. */
export const requiredText = z.preprocess(
  absentIfEmpty,
  z.string({ error: 'must be a string' }).refine((value) => value.trim() !== '', { error: 'is required.' }),
);

/** true or false; not given means false. */
export const flag = z.preprocess((value) => value ?? false, z.boolean({ error: 'must be true or false' }));

/** A payload: serialized JSON text (as the gRPC API carries it). Blank means no payload. */
export const jsonText = optionalText
  .superRefine((text, ctx) => {
    if (text === undefined || text.trim() === '') return;
    try {
      JSON.parse(text);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: `must be JSON text, such as "Seattle" (with the quotes), 42 or {"city": "Tokyo"}: ${(err as Error).message}`,
      });
    }
  })
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text));

const TAGS = 'must be an object of string values, e.g. {"team": "blue"}';
export const tagMap = z.preprocess(absentIfNull, z.record(z.string(), z.string({ error: TAGS }), { error: TAGS }).optional());

const LIST = 'must be an array of strings';
export const textList = z.preprocess((value) => value ?? [], z.array(z.string({ error: LIST }), { error: LIST }));

/** The body, validated; a 400 naming the first field that is wrong otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? 'body');
  const sent = body[field];
  // Complete sentences (a custom check, a size limit) are not followed by the value sent.
  if (issue.code === 'custom' || issue.code === 'too_big' || issue.code === 'too_small') {
    throw new ApiError(400, `'${field}' ${issue.message}`);
  }
  if (sent === undefined || sent === null || sent === '') throw new ApiError(400, `'${field}' is required.`);
  const shown = JSON.stringify(sent);
  throw new ApiError(400, `'${field}' ${issue.message}, got ${shown.length > 200 ? `${shown.slice(0, 197)}...` : shown}.`);
}
