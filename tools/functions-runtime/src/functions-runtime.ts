import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createDurableTaskClient, type DtsConnectionSettings } from '@durable-hosts/dts-connection';
import { createDurableHttpApi } from '@durable-hosts/durable-http-api';
import { loadFunctionApp, type LoadedApp } from './app/app-loader.js';
import { formatFunctionList, unsupportedBindingLines } from './app/function-list.js';
import { readHostSettings } from './app/host-settings.js';
import { loadLocalSettings } from './app/local-settings.js';
import { resolveTaskHubConnection } from './app/task-hub-connection.js';
import { installCoreModule } from './core/core-module-shim.js';
import type { RegisteredFunction } from './core/function-registry.js';
import { executeActivityWorkItem } from './durable/activity-work-item.js';
import { executeEntityWorkItem } from './durable/entity-work-item.js';
import { buildDurableClientBinding } from './durable/durable-client-binding.js';
import { DtsWorkItemLoop } from './durable/dts-work-item-loop.js';
import { executeOrchestratorWorkItem } from './durable/orchestration-work-item.js';
import { PlayedHistoryCache } from './durable/played-history-cache.js';
import { consoleLogger, type RuntimeLogger } from './runtime-logger.js';
import { AdminApi, isDisabled, type ManualInvoker } from './http/admin-api.js';
import { FunctionsHttpServer } from './http/functions-http-server.js';
import { HttpStreamProxy } from './http/http-stream-proxy.js';
import { HttpTriggerRoutes } from './http/http-trigger-routes.js';
import { FunctionInvoker, invocationLogSink } from './invocation/function-invoker.js';
import { LogLevels } from './logging/log-levels.js';
import { createTimerTriggers } from './timer/timer-triggers.js';

export interface FunctionsRuntimeOptions {
  readonly appDir: string;
  /** local.settings.json Host.LocalHttpPort, else 7071; 0 picks a free port. */
  readonly port?: number;
  /** 127.0.0.1 by default, like `func start` serving localhost. */
  readonly host?: string;
  /** Where log lines go once host.json `logging.logLevel` let them through (default: stdout/stderr). */
  readonly log?: RuntimeLogger;
  /**
   * Where timer schedule status is kept between runs (the host keeps it in AzureWebJobsStorage); default
   * `<appDir>/node_modules/.cache/functions-runtime/timer-status`.
   */
  readonly timerStatusFolder?: string;
}

export interface FunctionsRuntime {
  readonly port: number;
  /** `http://localhost:<port>` */
  readonly origin: string;
  readonly app: LoadedApp;
  readonly dts?: DtsConnectionSettings;
  stop(): Promise<void>;
}

const DURABLE_TRIGGERS = new Set(['orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

/**
 * Runs a Functions v4 Node app the way the Functions host and Node worker do, with Node alone: loads it
 * through the core-module shim, serves its HTTP triggers and the Durable webhooks, and plays the Durable
 * extension's part against a DTS endpoint (the connection string named in host.json).
 */
export async function startFunctionsRuntime(options: FunctionsRuntimeOptions): Promise<FunctionsRuntime> {
  const log = options.log ?? consoleLogger;
  const appDir = path.resolve(options.appDir);
  const localSettings = loadLocalSettings(appDir);
  const hostSettings = readHostSettings(appDir);
  const startupNotes: { level: 'info' | 'warn'; message: string }[] = [];

  const levels = new LogLevels(hostSettings.logLevel);
  // The Durable extension's own lines (DTS connection, work items it could not run, replay warnings).
  const durableLog = levels.categoryLogger('Host.Triggers.DurableTask', log);

  const core = installCoreModule();
  const workerLog = invocationLogSink(levels, log);
  core.logSink = (level, category, message) => workerLog({ functionName: '', invocationId: '', level, category, message });
  const app = await loadFunctionApp(appDir, core);
  const invoker = new FunctionInvoker(app, levels, log);
  const functions = app.registry.functions;
  // AzureWebJobs.<name>.Disabled: the host neither routes to nor schedules a disabled function.
  const enabled = functions.filter((fn) => !isDisabled(fn.metadata.name));
  const routes = new HttpTriggerRoutes(enabled);

  const usesDurable = functions.some((fn) => DURABLE_TRIGGERS.has(String(fn.trigger.type).toLowerCase()) || durableClientBindings(fn).length > 0);
  let dts: DtsConnectionSettings | undefined;
  let loop: DtsWorkItemLoop | undefined;
  let client: ReturnType<typeof createDurableTaskClient> | undefined;
  let durableWebhooks: ReturnType<typeof createDurableHttpApi> | undefined;
  // The extension's system key, appended as code=... to management URLs. Like func start, nothing checks
  // it locally; durable-functions needs it present for its entity client calls.
  const systemKey = randomBytes(24).toString('base64url');
  if (usesDurable) {
    const connectionName = hostSettings.connectionStringName;
    const connection = resolveTaskHubConnection(hostSettings, process.env, localSettings.connectionStrings);
    dts = connection.settings;
    startupNotes.push(...connection.notes);
    // The client's info lines (one per start, per query...) would drown the host log; keep its problems.
    client = createDurableTaskClient(dts, {
      logger: {
        error: (message: string) => log('error', message),
        warn: (message: string) => log('warn', message),
        info: () => undefined,
        debug: () => undefined,
      },
    });
    durableWebhooks = createDurableHttpApi({
      client,
      taskHub: dts.taskHub,
      connectionName,
      requiredQueryStringParameters: `code=${systemKey}`,
      orchestrationNames: () => app.registry.byTriggerType('orchestrationTrigger').map((fn) => fn.metadata.name),
    });
  }

  const timers = createTimerTriggers(
    enabled,
    invoker,
    levels.categoryLogger('Host.Triggers.Timer', log),
    options.timerStatusFolder ?? path.join(appDir, 'node_modules/.cache/functions-runtime/timer-status'),
  );
  const invokeByHand: ManualInvoker = (fn, input) => {
    const type = String(fn.trigger.type).toLowerCase();
    if (type === 'httptrigger') return { accepted: false, reason: `'${fn.metadata.name}' is an HTTP function: call its route instead.` };
    if (DURABLE_TRIGGERS.has(type)) {
      return { accepted: false, reason: `'${fn.metadata.name}' is a Durable ${fn.trigger.type} function: start orchestrations through a durable client or POST /runtime/webhooks/durabletask/orchestrators/<name>.` };
    }
    const timer = type === 'timertrigger' ? timers.find(fn.metadata.name) : undefined;
    if (timer) timer.runByHand();
    else void invoker.invoke(fn, { inputData: input === undefined ? [] : [{ name: fn.triggerName, data: { string: input } }], reason: MANUAL_REASON });
    return { accepted: true };
  };
  const httpUri = app.capabilities.HttpUri;

  const server = new FunctionsHttpServer({
    routes,
    routePrefix: hostSettings.routePrefix,
    invoker,
    log,
    durableWebhooks,
    admin: new AdminApi({ appDir, functions, routes, routePrefix: hostSettings.routePrefix, hostVersion: core.api.hostVersion, invokeByHand }),
    streamProxy: httpUri ? new HttpStreamProxy(new URL(httpUri), invoker, log) : undefined,
  });
  const port = await server.listen(options.port ?? localSettings.localHttpPort ?? 7071, options.host ?? '127.0.0.1');
  const origin = `http://localhost:${port}`;
  if (dts) {
    // The durableClient binding, for whatever triggers the function (HTTP, timer, a run by hand, an activity).
    const payload = { string: JSON.stringify(buildDurableClientBinding(origin, dts.taskHub, hostSettings.connectionStringName, systemKey)) };
    const inputs = new Map(functions.map((fn) => [fn, durableClientBindings(fn).map((name) => ({ name, data: payload }))]));
    invoker.hostInputs = (fn) => inputs.get(fn) ?? [];
  }
  // durable-functions rewrites management URLs to http://localhost:7071 unless WEBSITE_HOSTNAME is set.
  process.env.WEBSITE_HOSTNAME = `localhost:${port}`;

  if (dts) {
    const playedHistory = new PlayedHistoryCache();
    loop = new DtsWorkItemLoop(
      dts,
      {
        orchestrator: (request, token) => executeOrchestratorWorkItem(request, token, app.registry, invoker, durableLog, playedHistory),
        activity: (request, token) => executeActivityWorkItem(request, token, app.registry, invoker),
        entity: (item, token) => executeEntityWorkItem(item, token, app.registry, invoker),
      },
      durableLog,
    );
    loop.start();
  }

  log('info', formatFunctionList(functions, routes, origin, hostSettings.routePrefix).join('\n'));
  for (const line of unsupportedBindingLines(functions)) log('warn', line);
  for (const line of [...hostSettings.notApplied, ...localSettings.notApplied]) log('warn', line);
  for (const note of startupNotes) log(note.level, note.message);
  if (dts) log('info', `Durable Task Scheduler: ${dts.endpoint} (task hub '${dts.taskHub}').`);
  log('info', `Host started: ${origin} (functions-runtime, app ${appDir})`);
  timers.start();

  let stopped = false;
  return {
    port,
    origin,
    app,
    dts,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await timers.stop();
      await loop?.stop();
      await client?.stop();
      for (const hook of app.registry.hooks('appTerminate')) await hook({ hookData: {}, appHookData: app.appHookData });
    },
  };
}

const MANUAL_REASON = 'This function was programmatically called via the host APIs.';

function durableClientBindings(fn: RegisteredFunction): string[] {
  return Object.entries(fn.metadata.bindings)
    .filter(([, binding]) => binding.direction === 'in' && ['durableclient', 'orchestrationclient'].includes(String(binding.type).toLowerCase()))
    .map(([name]) => name);
}

