/**
 * The extension's built-in HTTP activity behind `context.df.callHttp` (DurableHttpRequest in,
 * DurableHttpResponse out). The orchestrator shim polls 202 + Location responses itself (schema V3);
 * each poll arrives here as one more GET.
 */
export interface DurableHttpRequestJson {
  method?: string;
  uri: string;
  content?: string;
  headers?: Record<string, string | string[]>;
  tokenSource?: unknown;
}

export interface DurableHttpResponseJson {
  statusCode: number;
  content: string;
  headers: Record<string, string>;
}

export async function runHttpActivity(request: DurableHttpRequestJson, fetchImpl: typeof fetch = fetch): Promise<DurableHttpResponseJson> {
  if (request.tokenSource) {
    throw new Error('callHttp with a managed identity tokenSource is not supported by functions-runtime; pass an Authorization header instead.');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = (request.method ?? 'GET').toUpperCase();
  const response = await fetchImpl(request.uri, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : request.content });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  const location = responseHeaders.location;
  // The shim polls the Location as given; make a relative one absolute against the request.
  if (location) responseHeaders.location = new URL(location, request.uri).href;
  return { statusCode: response.status, content: await response.text(), headers: responseHeaders };
}
