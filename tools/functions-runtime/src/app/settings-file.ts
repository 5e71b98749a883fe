import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Reads a JSON settings file the way the Functions host and Core Tools accept it (comments allowed), checks it
 * against `schema`, and says which file and which key is wrong. Undefined when the file does not exist.
 */
export function readSettingsFile<T>(appDir: string, name: string, schema: z.ZodType<T>): { value: T; raw: Record<string, unknown> } | undefined {
  const file = path.join(appDir, name);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(blankComments(text));
  } catch (error) {
    throw new Error(`${name} (${file}) is not valid JSON: ${(error as Error).message}${nearestKey(text, error as Error)}`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  // raw keeps the file's key order (for messages that list its settings).
  if (parsed.success) return { value: parsed.data, raw: json as Record<string, unknown> };
  const problems = parsed.error.issues.map((issue) => `"${issue.path.join('.') || '(root)'}": ${issue.message}`);
  throw new Error(`${name} (${file}) has a setting of the wrong kind: ${problems.join('; ')}.`);
}

/** Comments replaced by spaces (newlines kept), so JSON.parse's positions still point into the original text. */
function blankComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, quoted: string | undefined) =>
    quoted ?? match.replace(/[^\n]/g, ' '),
  );
}

/** " (after key 'x')": the last property name before the position JSON.parse reports. */
function nearestKey(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const keys = [...before.matchAll(/"((?:\\.|[^"\\])*)"\s*:/g)];
  const last = keys.at(-1);
  return last ? ` (after the key "${last[1]}")` : '';
}
