// Request bodies: a size limit (413) and JSON parsing whose failure reports the parser's reason (400).
import { errorResponse } from './http-responses.js';
import { MAX_REQUEST_BODY_BYTES, type DurableHttpRequest, type DurableHttpResponse } from './durable-http-types.js';

export type JsonBody = { ok: true; value: unknown; empty: boolean } | { ok: false; response: DurableHttpResponse };

export function headerValue(request: DurableHttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** 413 when the body (or its declared Content-Length) is over MAX_REQUEST_BODY_BYTES. */
export function oversizedBody(request: DurableHttpRequest): DurableHttpResponse | undefined {
  const declared = Number(headerValue(request, 'content-length') ?? 0);
  const size = Math.max(request.body?.byteLength ?? 0, Number.isFinite(declared) ? declared : 0);
  if (size <= MAX_REQUEST_BODY_BYTES) return undefined;
  return errorResponse(413, `The request body is ${size} bytes; the limit is ${MAX_REQUEST_BODY_BYTES} bytes (1 MB).`);
}

/** An absent or blank body is `undefined`; anything else must be JSON. */
export function readJsonBody(request: DurableHttpRequest): JsonBody {
  const tooLarge = oversizedBody(request);
  if (tooLarge) return { ok: false, response: tooLarge };
  const text = request.body ? new TextDecoder('utf-8').decode(request.body) : '';
  if (text.trim() === '') return { ok: true, value: undefined, empty: true };
  try {
    return { ok: true, value: JSON.parse(text), empty: false };
  } catch (error) {
    return { ok: false, response: errorResponse(400, `Invalid JSON content: ${(error as Error).message}`) };
  }
}

/** True for `application/json`, with or without parameters such as charset. */
export function isJsonContentType(request: DurableHttpRequest): boolean {
  const type = headerValue(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}
