// Small constructors for the API's responses. Error bodies use the `{ "Message": ... }` shape ASP.NET's
// CreateErrorResponse gives the Durable extension's errors.
import type { DurableHttpResponse } from './durable-http-types.js';

const JSON_CONTENT = 'application/json; charset=utf-8';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): DurableHttpResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT, ...headers }, body: JSON.stringify(value ?? null) };
}

export function errorResponse(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): DurableHttpResponse {
  return jsonResponse(status, { Message: message, ...extra }, headers);
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): DurableHttpResponse {
  return { status, headers };
}
