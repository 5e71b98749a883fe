import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData, RpcTypedData } from '../core/core-api-types.js';

/** An incoming request as the host hands it to the worker (RpcHttpData); the query stays in the URL. */
export function toRpcHttpData(request: IncomingMessage, url: URL, body: Buffer, params: Record<string, string>): RpcHttpData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method ?? 'GET',
    url: url.href,
    headers,
    params,
    body: body.length > 0 ? { bytes: body } : undefined,
  };
}

interface RpcCookie {
  name?: string;
  value?: string;
  domain?: { value?: string };
  path?: { value?: string };
  expires?: { value?: { seconds?: number | string } };
  secure?: { value?: boolean };
  httpOnly?: { value?: boolean };
  sameSite?: string | number;
  maxAge?: { value?: number | string };
}

/** Writes the invocation's `$return` http value to the socket; no value = 204, as the host answers. */
export function writeRpcHttpResponse(response: ServerResponse, returnValue: RpcTypedData | null | undefined): void {
  const http = returnValue?.http;
  if (!http) {
    response.writeHead(204).end();
    return;
  }
  const status = Number(http.statusCode ?? 200) || 200;
  for (const [name, value] of Object.entries(http.headers ?? {})) response.setHeader(name, value);
  const cookies = ((http.cookies ?? []) as RpcCookie[]).map(formatCookie);
  if (cookies.length > 0) response.setHeader('set-cookie', cookies);
  const body = bodyBytes(http.body);
  response.writeHead(status);
  response.end(body);
}

function bodyBytes(body: RpcTypedData | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes);
  if (body.string !== undefined) return Buffer.from(body.string);
  if (body.json !== undefined) return Buffer.from(body.json);
  if (body.int !== undefined || body.double !== undefined) return Buffer.from(String(body.int ?? body.double));
  return Buffer.alloc(0);
}

function formatCookie(cookie: RpcCookie): string {
  const parts = [`${cookie.name}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  if (cookie.expires?.value?.seconds !== undefined) {
    parts.push(`Expires=${new Date(Number(cookie.expires.value.seconds) * 1000).toUTCString()}`);
  }
  if (cookie.maxAge?.value !== undefined) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { 1: 'Lax', 2: 'Strict', 3: 'None', lax: 'Lax', strict: 'Strict', explicitNone: 'None' }[String(cookie.sameSite)];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}
