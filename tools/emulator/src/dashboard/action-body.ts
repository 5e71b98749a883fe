// Typed reads of an action's JSON body, with errors that name the field and the value sent.
import { ApiError } from './api-error.js';

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, `'${key}' must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value.trim() === '') throw new ApiError(400, `'${key}' is required.`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean {
  const value = body[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new ApiError(400, `'${key}' must be true or false, got ${JSON.stringify(value)}.`);
  return value;
}

/** A payload field: serialized JSON text (as the gRPC API carries it). Empty means no payload. */
export function optionalJsonText(body: Record<string, unknown>, key: string): string | undefined {
  const text = optionalString(body, key);
  if (text === undefined || text.trim() === '') return undefined;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new ApiError(
      400,
      `'${key}' must be JSON text, such as "Seattle" (with the quotes), 42 or {"city": "Tokyo"}: ${(err as Error).message}`,
    );
  }
  return text;
}

export function optionalTags(body: Record<string, unknown>, key: string): Record<string, string> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ApiError(400, `'${key}' must be an object of string values, e.g. {"team": "blue"}; got ${JSON.stringify(value)}.`);
  }
  return value as Record<string, string>;
}

export function optionalStringList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ApiError(400, `'${key}' must be an array of strings, got ${JSON.stringify(value)}.`);
  }
  return value as string[];
}
