// The Express app: the seed's starters and the Durable HTTP management API, answering exactly as an
// Azure Functions app with durable-functions does. Starters reuse the API's `orchestrators/{name}` route,
// so validation, the 202 check-status response and `?timeout=&pollingInterval=` waits are one code path.
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  DURABLE_WEBHOOK_BASE_PATH,
  MAX_REQUEST_BODY_BYTES,
  createDurableHttpApi,
  type DurableHttpApi,
  type DurableHttpClient,
  type DurableHttpRequest,
  type DurableHttpResponse,
} from '@durable-hosts/durable-http-api';

export interface ExpressHostOptions {
  client: DurableHttpClient;
  taskHub: string;
  /** Every orchestration the workers run; others are refused with 400. */
  orchestrationNames: readonly string[];
  connectionName?: string;
}

/** The seed's HTTP starters: route → orchestration name. */
export const STARTERS: Readonly<Record<string, string>> = {
  '/api/StartChaining': 'chaining_orchestration',
  '/api/StartFanOutFanIn': 'fan_out_fan_in_orchestration',
};

function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function toDurableRequest(req: Request, url: string): DurableHttpRequest {
  return {
    method: req.method,
    url,
    headers: req.headers,
    body: Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : undefined,
  };
}

function send(res: Response, response: DurableHttpResponse): void {
  res.status(response.status).set(response.headers);
  if (response.body === undefined) res.end();
  else res.send(response.body);
}

function query(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index < 0 ? '' : req.originalUrl.slice(index);
}

export function createExpressApp(options: ExpressHostOptions): { app: express.Express; api: DurableHttpApi } {
  const api = createDurableHttpApi({
    client: options.client,
    taskHub: options.taskHub,
    connectionName: options.connectionName,
    orchestrationNames: () => options.orchestrationNames,
  });
  const app = express();
  app.disable('x-powered-by');
  // Every body as raw bytes (any content type), so the API sees exactly what was sent; 413 above 1 MB.
  app.use(express.raw({ type: () => true, limit: MAX_REQUEST_BODY_BYTES }));

  // 1. The seed's starters: POST /api/StartChaining, /api/StartFanOutFanIn (JSON body = input, optional).
  for (const [path, orchestration] of Object.entries(STARTERS)) {
    app.post(path, async (req, res) => {
      const url = `${origin(req)}${DURABLE_WEBHOOK_BASE_PATH}/orchestrators/${orchestration}${query(req)}`;
      send(res, (await api.handle(toDurableRequest(req, url))) as DurableHttpResponse);
    });
  }

  // 2. Any orchestration by name: POST /api/orchestrators/:name[/:instanceId].
  app.post('/api/orchestrators/:name{/:instanceId}', async (req, res) => {
    const { name, instanceId } = req.params as { name: string; instanceId?: string };
    const path = `orchestrators/${encodeURIComponent(name)}${instanceId ? `/${encodeURIComponent(instanceId)}` : ''}`;
    const url = `${origin(req)}${DURABLE_WEBHOOK_BASE_PATH}/${path}${query(req)}`;
    send(res, (await api.handle(toDurableRequest(req, url))) as DurableHttpResponse);
  });

  // 3. The management API under /runtime/webhooks/durabletask.
  app.use(async (req, res, next) => {
    const response = await api.handle(toDurableRequest(req, `${origin(req)}${req.originalUrl}`));
    if (response === undefined) next();
    else send(res, response);
  });

  app.use((req, res) => {
    res.status(404).json({ Message: `No route for ${req.method} ${req.path}. Starters: POST ${Object.keys(STARTERS).join(', ')}, POST /api/orchestrators/{name}.` });
  });

  // Bad input never takes the process down: body-parser errors keep their status (413, 400), the rest is 500.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    const message =
      error.type === 'entity.too.large'
        ? `The request body is larger than the limit of ${MAX_REQUEST_BODY_BYTES} bytes (1 MB).`
        : status === 500
          ? 'Something went wrong while processing your request'
          : error.message;
    res.status(status).json({ Message: message, ...(status === 500 ? { ExceptionMessage: error.message } : {}) });
  });

  return { app, api };
}
