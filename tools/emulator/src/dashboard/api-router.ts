// Matches /api/v1 requests to their handlers (find-my-way) and turns what a handler returns into the HTTP
// answer: a JSON body, a status with a body, or nothing when the handler wrote the response itself (a
// stream or a download). A path the API knows under another method answers 405 with `Allow`.
import type http from 'node:http';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { ApiError } from './api-error.js';
import { readJsonBody, sendJson } from './json-exchange.js';
import { checkStateChangingRequest } from './request-guard.js';

export interface ApiRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface ActionRequest extends ApiRequest {
  /** The JSON object body; read on demand, so a handler can refuse (e.g. an unknown task hub) first. */
  body(): Promise<Record<string, unknown>>;
}

/** An answer other than 200 with a JSON body. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** Returned by a handler that has written the response itself. */
export const ANSWERED = Symbol('answered');

type Handler = (request: ApiRequest) => unknown;
type ActionHandler = (request: ActionRequest) => unknown;

const METHODS: readonly HTTPMethod[] = ['GET', 'POST'];

export class ApiRouter {
  // Instance and entity ids are up to 100 characters before percent-encoding; find-my-way's default of 100
  // would turn a long encoded id into a 404.
  private readonly router = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 2000 });

  get(path: string, handler: Handler): this {
    this.router.on('GET', path, () => undefined, { handler });
    return this;
  }

  /** A state-changing route: the request must pass the cross-site checks before anything else happens. */
  post(path: string, handler: ActionHandler): this {
    const wrapped: Handler = (request) => {
      checkStateChangingRequest(request.req);
      return handler({ ...request, body: () => readJsonBody(request.req) });
    };
    this.router.on('POST', path, () => undefined, { handler: wrapped });
    return this;
  }

  async dispatch(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    // HEAD is GET without the body (Node drops it).
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const found = this.router.find(method as HTTPMethod, url.pathname);
    if (!found) throw this.noRoute(method, url.pathname, res);
    const { handler } = found.store as { handler: Handler };
    const result = await handler({ req, res, params: found.params as Record<string, string>, query: url.searchParams });
    if (result === ANSWERED) return;
    if (result instanceof Reply) return sendJson(res, result.status, result.body);
    return sendJson(res, 200, result);
  }

  private noRoute(method: string, pathname: string, res: http.ServerResponse): ApiError {
    const allowed = METHODS.filter((m) => m !== method && this.router.find(m, pathname));
    if (allowed.length === 0) return new ApiError(404, `No API route ${method} ${pathname}.`);
    const allow = allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
    res.setHeader('allow', allow.join(', '));
    return new ApiError(
      405,
      `${method} is not supported on ${pathname}; it takes ${allow.join(', ')} (the API uses GET for reads and POST for actions).`,
    );
  }
}
