// Reading JSON request bodies and writing JSON responses. Responses are never cached and never sniffed.
import type http from 'node:http';
import { ApiError } from './api-error.js';

/** Bodies larger than this are refused; DTS payloads are limited to 1 MiB, this leaves room for the envelope. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

/**
 * Past the limit the rest of a body is read and dropped, so the client finishes sending and then reads the
 * 413 (answering mid-upload makes the closing socket reset it); beyond this the connection is just cut.
 */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/** The request's JSON object body; an empty body reads as `{}`. */
export async function readJsonBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DRAINED_BYTES) break; // leaving the loop destroys the request and its socket
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new ApiError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'The request body must be a JSON object, e.g. {"reason": "..."}.');
  }
  return value as Record<string, unknown>;
}
