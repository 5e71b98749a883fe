import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RegisteredFunction } from '../core/function-registry.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import type { RuntimeLogger } from '../runtime-logger.js';
import { toRpcHttpRequest } from './rpc-http-mapping.js';

// Hop-by-hop headers a reverse proxy (the host uses YARP) does not pass on.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
/** How long after a successful invocation the library's proxied response may take to arrive. */
const RESPONSE_GRACE_MS = 2000;

export interface StreamedInvocation {
  readonly fn: RegisteredFunction;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly params: Record<string, string>;
  readonly reason: string;
}

/**
 * HTTP stream mode (`app.setup({ enableHttpStream: true })`), as the host's DefaultHttpProxyService does it: the
 * request is forwarded, body streaming, to the HTTP server the library reported as `HttpUri`, tagged with
 * `x-ms-invocation-id`; the invocation goes out at the same time with an empty http input and the binding data;
 * the library answers on the proxied request, and that answer streams back to the client.
 */
export class HttpStreamProxy {
  constructor(
    private readonly httpUri: URL,
    private readonly invoker: FunctionInvoker,
    private readonly log: RuntimeLogger,
  ) {}

  async serve(call: StreamedInvocation): Promise<void> {
    const { request, response, url } = call;
    const invocationId = randomUUID();
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    headers['x-ms-invocation-id'] = invocationId;
    headers['x-forwarded-host'] = request.headers.host ?? url.host;
    headers['x-forwarded-proto'] = url.protocol.replace(/:$/, '');
    if (request.socket.remoteAddress) headers['x-forwarded-for'] = request.socket.remoteAddress;

    const target = new URL(`${url.pathname}${url.search}`, this.httpUri);
    const proxied = httpRequest(target, { method: request.method, headers });
    let answered = false;
    const answer = new Promise<void>((resolve) => {
      proxied.on('response', (upstream) => {
        answered = true;
        response.writeHead(upstream.statusCode ?? 500, responseHeaders(upstream.headers));
        upstream.pipe(response);
        upstream.once('end', resolve);
        upstream.once('error', () => response.destroy());
      });
      proxied.once('error', (error) => {
        if (!response.headersSent) {
          this.log('error', `HTTP stream proxy to ${target.origin} failed for '${call.fn.metadata.name}': ${error.message}`);
          response.writeHead(502).end();
        }
        resolve();
      });
    });
    request.pipe(proxied);
    response.once('close', () => {
      if (!response.writableFinished) proxied.destroy();
    });

    const { triggerMetadata } = toRpcHttpRequest(request, url, undefined, call.params);
    const outcome = await this.invoker.invoke(call.fn, {
      inputData: [{ name: call.fn.triggerName, data: { http: {} } }],
      triggerMetadata,
      reason: call.reason,
      invocationId,
    });
    if (outcome.error) {
      // The library never answers the proxied request of a failed invocation; the host answers 500.
      if (!answered) {
        proxied.destroy();
        if (!response.headersSent) response.writeHead(500).end();
      } else if (!response.writableFinished) {
        response.destroy();
      }
      return;
    }
    const arrived = await Promise.race([answer.then(() => true), delay(RESPONSE_GRACE_MS).then(() => answered)]);
    if (!arrived) {
      // The function returned no response (undefined): nothing will come on the proxied request.
      proxied.destroy();
      if (!response.headersSent) response.writeHead(204).end();
    }
  }
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'x-ms-invocation-id') out[name] = value;
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
