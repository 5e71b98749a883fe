import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RpcParameterBinding } from '../core/core-api-types.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import type { RuntimeLogger } from '../runtime-logger.js';
import type { AdminApi } from './admin-api.js';
import type { HttpStreamProxy } from './http-stream-proxy.js';
import type { HttpTriggerRoutes } from './http-trigger-routes.js';
import { toRpcHttpRequest, writeRpcHttpResponse } from './rpc-http-mapping.js';

export interface DurableWebhookHandler {
  handle(request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body?: Uint8Array }): Promise<
    { status: number; headers: Record<string, string>; body?: string } | undefined
  >;
}

export interface FunctionsHttpServerOptions {
  readonly routes: HttpTriggerRoutes;
  readonly routePrefix: string;
  readonly invoker: FunctionInvoker;
  readonly log: RuntimeLogger;
  readonly durableWebhooks?: DurableWebhookHandler;
  readonly admin: AdminApi;
  /** Set when the app turned on HTTP stream mode: HTTP triggers are served through the library's proxy. */
  readonly streamProxy?: HttpStreamProxy;
}

const DURABLE_WEBHOOK_PREFIX = '/runtime/webhooks/durabletask';
/** What `func start` prints as the Reason of an HTTP-triggered invocation. */
const HTTP_REASON = 'This function was programmatically called via the host APIs.';

/** The host's HTTP front door: `/<routePrefix>/...` to HTTP triggers, the Durable webhooks, 404 otherwise. */
export class FunctionsHttpServer {
  readonly #server: Server;

  constructor(private readonly options: FunctionsHttpServerOptions) {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: Error) => {
        if (error instanceof BodyTooLargeError) {
          // 413 as the Functions host answers; the rest of the upload is not read, so close the connection.
          if (!response.headersSent) response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
          response.end(`${error.message}\n`);
          return;
        }
        options.log('error', `Unhandled error serving ${request.method} ${request.url}: ${error.stack ?? error.message}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? 'localhost';
    const url = new URL(request.url ?? '/', `http://${host}`);
    const path = url.pathname;

    if (path === DURABLE_WEBHOOK_PREFIX || path.startsWith(`${DURABLE_WEBHOOK_PREFIX}/`)) {
      const body = await readBody(request);
      const answer = await this.options.durableWebhooks?.handle({ method: request.method ?? 'GET', url: url.href, headers: request.headers, body });
      if (!answer) return notFound(response);
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
      return;
    }
    if (path === '/admin' || path.startsWith('/admin/')) {
      if (!(await this.options.admin.handle(request, response, url, () => readBody(request)))) notFound(response);
      return;
    }
    if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Your Functions 4.0 app is up and running (functions-runtime).\n');
      return;
    }
    const prefix = this.options.routePrefix ? `/${this.options.routePrefix}` : '';
    if (prefix && path.toLowerCase() !== prefix.toLowerCase() && !path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) {
      return notFound(response);
    }
    const match = this.options.routes.match(request.method ?? 'GET', path.slice(prefix.length));
    if (!match) return notFound(response);

    const { fn } = match.route;
    if (this.options.streamProxy) {
      await this.options.streamProxy.serve({ fn, request, response, url, params: match.params, reason: HTTP_REASON });
      return;
    }
    const { http, triggerMetadata } = toRpcHttpRequest(request, url, await readBody(request), match.params);
    const inputData: RpcParameterBinding[] = [{ name: fn.triggerName, data: { http } }];
    const outcome = await this.options.invoker.invoke(fn, { inputData, triggerMetadata, reason: HTTP_REASON });
    if (outcome.error) {
      response.writeHead(500).end();
      return;
    }
    writeRpcHttpResponse(response, outcome.response?.returnValue);
  }
}

function notFound(response: ServerResponse): void {
  response.writeHead(404).end();
}

/** The Functions host's request size limit (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, default 100 MB). */
const MAX_REQUEST_BODY_BYTES = Number(process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT) || 100 * 1024 * 1024;

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const tooLarge = (): BodyTooLargeError =>
    new BodyTooLargeError(`The request body is larger than the limit of ${MAX_REQUEST_BODY_BYTES} bytes (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT).`);
  if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
