/**
 * The extension's built-in HTTP activity behind `context.df.callHttp` (TaskHttpActivityShim):
 * DurableHttpRequest in, DurableHttpResponse out. The 202 + Location polling loop is the orchestration's
 * (DurableOrchestrationContext.CallHttpAsync, mirrored by the shim under schema V3); each poll reaches
 * this activity as one more request built by locationPollRequest.
 */
export interface DurableHttpRequestJson {
  method?: string;
  uri: string;
  content?: string | null;
  headers?: Record<string, string | string[]> | null;
  tokenSource?: TokenSourceJson | null;
  asynchronousPatternEnabled?: boolean;
  /** A .NET TimeSpan ("00:00:30"); durable-functions does not send one. */
  timeout?: string | number | null;
}

/** ManagedIdentityTokenSource as durable-functions serializes it. */
export interface TokenSourceJson {
  kind?: string;
  resource?: string;
  options?: { authorityhost?: string; authorityHost?: string; tenantid?: string; tenantId?: string };
}

export interface DurableHttpResponseJson {
  statusCode: number;
  content: string;
  headers: Record<string, string | string[]>;
}

/** Gets an access token for a resource (scope), as the extension's DefaultAzureCredential does. */
export type TokenProvider = (scope: string, options: { authorityHost?: string; tenantId?: string }) => Promise<string>;

export interface HttpActivityOptions {
  readonly fetch?: typeof fetch;
  readonly getToken?: TokenProvider;
}

/** The extension's HttpClient timeout (DurableHttpClientFactory). */
const CLIENT_TIMEOUT_MS = 240_000;
/** HttpClientHandler.MaxAutomaticRedirections. */
const MAX_REDIRECTS = 50;
/** .NET files these under HttpContent.Headers, so the extension's response headers never have them. */
const CONTENT_HEADERS = new Set([
  'allow',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'expires',
  'last-modified',
]);

/**
 * The request for polling a 202's Location, as CreateLocationPollRequest builds it: GET, the original
 * headers and token source without `x-functions-key` (a function key rarely opens a status endpoint), and
 * without `Authorization` and `Cookie` when the Location is on another origin than the original request
 * (the extension's cross-origin rule, the Fetch standard's same-origin policy for redirects).
 */
export function locationPollRequest(original: DurableHttpRequestJson, location: string): DurableHttpRequestJson {
  const crossOrigin = originOf(location) !== originOf(original.uri);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(original.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'x-functions-key' || (crossOrigin && (lower === 'authorization' || lower === 'cookie'))) continue;
    headers[name] = value;
  }
  return { method: 'GET', uri: location, headers, tokenSource: original.tokenSource, timeout: original.timeout, asynchronousPatternEnabled: false };
}

/** Runs one DurableHttpRequest. The activity input is DTFx's parameter array `[request]` (or the request itself). */
export async function runHttpActivity(input: DurableHttpRequestJson | DurableHttpRequestJson[], options: HttpActivityOptions = {}): Promise<DurableHttpResponseJson> {
  const request = Array.isArray(input) ? input[0] : input;
  if (!request || typeof request.uri !== 'string' || request.uri === '') {
    throw new Error(`callHttp needs a request with a url; the HTTP activity got ${JSON.stringify(input)}.`);
  }
  const headers = new Headers();
  let contentType = '';
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (name.toLowerCase() === 'content-type') {
        if (item.includes('multipart')) throw new Error('Multipart content is not supported with CallHttpAsync.');
        contentType = item;
      } else {
        headers.append(name, item);
      }
    }
  }
  const method = (request.method || 'GET').toUpperCase();
  let body: string | undefined;
  if (request.content !== undefined && request.content !== null) {
    body = request.content;
    headers.set('content-type', contentType || 'text/plain');
  }
  if (request.tokenSource) headers.set('authorization', `Bearer ${await tokenFor(request.tokenSource, options.getToken ?? defaultAzureCredentialToken)}`);

  const userTimeoutMs = timeSpanMs(request.timeout);
  const timeoutMs = userTimeoutMs ?? CLIENT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await sendFollowingRedirects(options.fetch ?? fetch, request.uri, method, headers, body, signal);
    return { statusCode: response.status, content: await response.text(), headers: responseHeaders(response) };
  } catch (error) {
    if (signal.aborted) {
      throw new Error(
        userTimeoutMs === undefined
          ? `The request to ${request.uri} was canceled due to the configured HttpClient.Timeout of ${CLIENT_TIMEOUT_MS / 1000} seconds elapsing.`
          : `The request to ${request.uri} was canceled. Reached user specified timeout: ${String(request.timeout)}.`,
      );
    }
    throw new Error(`callHttp ${method} ${request.uri} failed: ${describeFetchError(error)}`);
  }
}

/**
 * Follows redirects as the extension's HttpClient does: up to 50; 301/302 turn a POST into a GET and 303
 * anything but HEAD, dropping the body; the Authorization header never follows a redirect (.NET's
 * RedirectHandler), nor Cookie to another origin; a redirect from https to http is not followed.
 */
async function sendFollowingRedirects(
  fetchImpl: typeof fetch,
  uri: string,
  method: string,
  headers: Headers,
  body: string | undefined,
  signal: AbortSignal,
): Promise<Response> {
  let url = uri;
  for (let redirects = 0; ; redirects++) {
    const response = await fetchImpl(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location || redirects >= MAX_REDIRECTS) return response;
    const next = new URL(location, url);
    if (new URL(url).protocol === 'https:' && next.protocol === 'http:') return response;
    if (((response.status === 301 || response.status === 302) && method === 'POST') || (response.status === 303 && method !== 'HEAD')) {
      method = 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    headers.delete('authorization');
    if (next.origin !== new URL(url).origin) headers.delete('cookie');
    await response.body?.cancel();
    url = next.href;
  }
}

/** The response's own headers, as .NET separates them from content headers; a repeated header is an array. */
function responseHeaders(response: Response): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (!CONTENT_HEADERS.has(name) && name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies.length === 1 ? cookies[0] : cookies;
  return headers;
}

async function tokenFor(source: TokenSourceJson, getToken: TokenProvider): Promise<string> {
  if (source.kind !== 'AzureManagedIdentity' || !source.resource) {
    throw new Error(
      `callHttp tokenSource ${JSON.stringify(source)} is not supported: only durable-functions' ManagedIdentityTokenSource (kind 'AzureManagedIdentity' with a resource) is.`,
    );
  }
  // ManagedIdentityTokenSource: two well-known resources become their .default scopes.
  const resource = source.resource.replace(/\/$/, '');
  const scope = ['https://management.core.windows.net', 'https://graph.microsoft.com'].includes(resource) ? `${resource}/.default` : source.resource;
  const authorityHost = source.options?.authorityHost ?? source.options?.authorityhost;
  const tenantId = source.options?.tenantId ?? source.options?.tenantid;
  try {
    return await getToken(scope, { authorityHost, tenantId });
  } catch (error) {
    throw new Error(
      `callHttp could not get a token for '${source.resource}' through DefaultAzureCredential, as the Durable extension gets one for a ManagedIdentityTokenSource. ` +
        `Locally there is no managed identity: sign in with 'az login' (or 'azd auth login'), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. ` +
        `The credential said: ${(error as Error).message}`,
    );
  }
}

/** DefaultAzureCredential from @azure/identity, loaded on first use. */
const defaultAzureCredentialToken: TokenProvider = async (scope, options) => {
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential(options.authorityHost || options.tenantId ? { authorityHost: options.authorityHost, tenantId: options.tenantId } : undefined);
  const token = await credential.getToken(scope);
  if (!token) throw new Error(`no token was issued for scope '${scope}'.`);
  return token.token;
};

/** "[d.]hh:mm:ss[.fff]" (a .NET TimeSpan) or milliseconds. */
function timeSpanMs(value: string | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!match) throw new Error(`callHttp timeout '${value}' is not a TimeSpan like 00:00:30.`);
  const [, days = '0', hours, minutes, seconds] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
}

function originOf(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message ? `${cause.message}${cause.code ? ` (${cause.code})` : ''}` : ((error as Error).message ?? String(error));
}
