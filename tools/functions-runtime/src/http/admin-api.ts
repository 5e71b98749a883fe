import { hostname } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from '../core/function-registry.js';
import type { HttpTriggerRoutes } from './http-trigger-routes.js';

/** Runs a non-HTTP function by hand (the host's FunctionsController.Invoke); answers whether it could. */
export type ManualInvoker = (fn: RegisteredFunction, input: string | undefined) => { accepted: true } | { accepted: false; reason: string };

export interface AdminApiOptions {
  readonly appDir: string;
  readonly functions: readonly RegisteredFunction[];
  readonly routes: HttpTriggerRoutes;
  readonly routePrefix: string;
  readonly hostVersion: string;
  readonly invokeByHand: ManualInvoker;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/**
 * The admin endpoints a local Functions host serves (azure-functions-host HostController and FunctionsController):
 * host status and ping, the function list and one function's metadata, running a non-HTTP function by hand.
 * Like `func start`, they ask for no master key locally.
 */
export class AdminApi {
  readonly #hostId: string;

  constructor(private readonly options: AdminApiOptions) {
    this.#hostId = hostIdFor(options.appDir);
  }

  /** Answers a request under /admin; false when the path is not one of the admin routes. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL, readBody: () => Promise<Buffer>): Promise<boolean> {
    const method = request.method ?? 'GET';
    const parts = url.pathname.replace(/\/+$/, '').split('/').slice(2).map(decodeURIComponent);
    if (parts[0] === 'host' && parts[1] === 'status' && parts.length === 2 && method === 'GET') {
      return send(response, 200, this.#status());
    }
    if (parts[0] === 'host' && parts[1] === 'ping' && parts.length === 2 && (method === 'GET' || method === 'POST')) {
      response.writeHead(200, { 'cache-control': 'no-store' }).end();
      return true;
    }
    if (parts[0] !== 'functions') return false;
    if (parts.length === 1 && method === 'GET') {
      return send(response, 200, this.options.functions.map((fn) => this.#metadata(fn, url.origin)));
    }
    const fn = parts[1] === undefined ? undefined : this.#find(parts[1]);
    if (parts.length === 2 && method === 'GET') return fn ? send(response, 200, this.#metadata(fn, url.origin)) : notFound(response);
    if (parts.length === 3 && parts[2] === 'status' && method === 'GET') return fn ? send(response, 200, {}) : notFound(response);
    if (parts.length === 2 && method === 'POST') return this.#invoke(fn, response, await readBody());
    return false;
  }

  #invoke(fn: RegisteredFunction | undefined, response: ServerResponse, body: Buffer): boolean {
    let invocation: unknown;
    try {
      invocation = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      invocation = undefined;
    }
    if (invocation === null || typeof invocation !== 'object' || Array.isArray(invocation)) {
      return send(response, 400, { error: 'Send a JSON object as the body, e.g. {"input": "..."} (the input is passed to the function as its trigger value).' });
    }
    if (!fn) return notFound(response);
    const input = (invocation as { input?: unknown }).input;
    const outcome = this.options.invokeByHand(fn, input === undefined || input === null ? undefined : typeof input === 'string' ? input : JSON.stringify(input));
    if (!outcome.accepted) return send(response, 400, { error: outcome.reason });
    response.writeHead(202).end();
    return true;
  }

  #find(name: string): RegisteredFunction | undefined {
    const lower = name.toLowerCase();
    return this.options.functions.find((fn) => fn.metadata.name.toLowerCase() === lower);
  }

  #status(): Record<string, unknown> {
    return {
      id: this.#hostId,
      state: 'Running',
      version: this.options.hostVersion,
      versionDetails: `${this.options.hostVersion} (functions-runtime)`,
      processUptime: Math.round(process.uptime() * 1000),
      functionAppContentEditingState: 'Unknown',
    };
  }

  /** FunctionMetadataResponse, as GET /admin/functions answers for an app indexed from the worker. */
  #metadata(fn: RegisteredFunction, origin: string): Record<string, unknown> {
    const bindings = Object.entries(fn.metadata.bindings).map(([name, binding]) => ({ ...binding, name: binding.name ?? name }));
    const route = this.options.routes.routes.find((r) => r.fn === fn);
    const invokeUrl = route
      ? [origin, this.options.routePrefix, route.template.template.replace(/^\/+/, '')].filter(Boolean).join('/').toLowerCase()
      : null;
    return {
      name: fn.metadata.name,
      script_root_path_href: null,
      script_href: null,
      config_href: null,
      test_data_href: null,
      href: `${origin}/admin/functions/${fn.metadata.name}`,
      invoke_url_template: invokeUrl,
      language: 'node',
      config: { name: fn.metadata.name, entryPoint: '', scriptFile: null, language: 'node', functionDirectory: this.options.appDir, bindings },
      files: null,
      test_data: null,
      isDisabled: isDisabled(fn.metadata.name),
      isDirect: true,
      isProxy: false,
    };
  }
}

/** `AzureWebJobs.<name>.Disabled` set to true/1 disables a function (the host's app-setting switch). */
export function isDisabled(functionName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[`AzureWebJobs.${functionName}.Disabled`] ?? env[`AzureWebJobs_${functionName}_Disabled`];
  return value !== undefined && /^(true|1)$/i.test(value.trim());
}

/** Like the host's default id: lower-case machine and app folder names, at most 32 characters. */
function hostIdFor(appDir: string): string {
  const configured = process.env.AzureFunctionsWebHost__hostid;
  if (configured) return configured;
  const id = `${hostname()}-${path.basename(appDir)}`.toLowerCase().replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '');
  return id.slice(0, 32).replace(/-+$/, '') || 'functions-runtime';
}

function send(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, JSON_HEADERS).end(JSON.stringify(body));
  return true;
}

function notFound(response: ServerResponse): true {
  response.writeHead(404).end();
  return true;
}
