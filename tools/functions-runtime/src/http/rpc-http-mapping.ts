import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData, RpcTypedData } from '../core/core-api-types.js';

type NullableMap = Record<string, { value?: string }>;

/** Request headers as the host passes them: lower-case names, repeated values joined. */
function headerValues(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Query values as ASP.NET's StringValues.ToString() gives them: repeated keys joined with ','. */
function queryValues(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  return query;
}

function nullable(values: Record<string, string>): NullableMap {
  const map: NullableMap = {};
  for (const [key, value] of Object.entries(values)) map[key] = { value };
  return map;
}

export interface RpcHttpRequest {
  /** The trigger's `http` value (classic mode: the whole request; stream mode: empty, the body goes by proxy). */
  readonly http: RpcHttpData;
  /** The HTTP trigger's binding data, as the host sends it in `triggerMetadata`. */
  readonly triggerMetadata: Record<string, RpcTypedData>;
}

/**
 * An incoming request as the Functions host hands it to the Node worker, which declares
 * UseNullableValueDictionaryForHttp, RpcHttpBodyOnly and RawHttpBodyBytes: nullable header, query and route
 * maps, the body as bytes. The trigger metadata is the HTTP binding's data (HttpTriggerAttributeBindingProvider):
 * every query value except `code`, the route values over them, and `Query` and `Headers` as JSON; `$request`
 * is left out (RpcHttpTriggerMetadataRemoved). In stream mode the library reads params and headers from it.
 */
export function toRpcHttpRequest(request: IncomingMessage, url: URL, body: Buffer | undefined, params: Record<string, string>): RpcHttpRequest {
  const headers = headerValues(request);
  const query = queryValues(url);
  const triggerMetadata: Record<string, RpcTypedData> = {};
  for (const [key, value] of Object.entries(query)) if (key.toLowerCase() !== 'code') triggerMetadata[key] = { string: value };
  for (const [key, value] of Object.entries(params)) triggerMetadata[key] = { string: value };
  triggerMetadata.Query = { json: JSON.stringify(query) };
  triggerMetadata.Headers = { json: JSON.stringify(headers) };
  if (body === undefined) return { http: {}, triggerMetadata };
  return {
    http: {
      method: request.method ?? 'GET',
      url: url.href,
      nullableHeaders: nullable(headers),
      nullableQuery: nullable(query),
      nullableParams: nullable(params),
      body: body.length > 0 ? { bytes: body } : undefined,
    },
    triggerMetadata,
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
