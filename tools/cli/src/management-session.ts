// One connection to the scheduler for one command: a durabletask-js client, and the shared Durable HTTP
// management API over it, so the CLI answers with the same rules and messages as express-host and the
// Functions runtime (unknown instance, finished instance, state conflicts, bad filters).
import { createDurableHttpApi, DURABLE_WEBHOOK_BASE_PATH, stripGrpcPrefix, type DurableHttpApi } from '@durable-hosts/durable-http-api';
import {
  createDurableTaskClient,
  createMetadataGenerator,
  sendHello,
  type DtsConnectionSettings,
} from '@durable-hosts/dts-connection';
import { NoOpLogger, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { OperationError } from './cli-errors.js';

/** The API's URLs never leave the process; this origin only makes them absolute. */
const LOCAL_ORIGIN = 'http://durable-cli.local';

export interface ApiRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when there is none). */
  body: unknown;
}

export class ManagementSession {
  readonly client: TaskHubGrpcClient;
  readonly #api: DurableHttpApi;

  constructor(readonly settings: DtsConnectionSettings) {
    this.client = createDurableTaskClient(settings, { logger: new NoOpLogger() });
    this.#api = createDurableHttpApi({ client: this.client, taskHub: settings.taskHub });
  }

  /** Sends `method path` through the API; any 4xx/5xx becomes an OperationError with the API's message. */
  async request(method: string, path: string, request: ApiRequest = {}): Promise<ApiAnswer> {
    const url = new URL(`${LOCAL_ORIGIN}${DURABLE_WEBHOOK_BASE_PATH}/${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const answer = await this.#api.handle({
      method,
      url: url.href,
      headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(request.body)),
    });
    if (answer === undefined) throw new Error(`The management API did not route ${method} ${path}.`);
    const body = answer.body === undefined || answer.body === '' ? undefined : (JSON.parse(answer.body) as unknown);
    if (answer.status >= 400) throw await this.#failure(answer.status, body);
    return { status: answer.status, headers: answer.headers, body };
  }

  async #failure(status: number, body: unknown): Promise<OperationError> {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as { Message?: string; ExceptionMessage?: string };
    const message = typeof body === 'string' ? body : (fields.Message ?? `The scheduler answered ${status}.`);
    if (status < 500) return new OperationError(message);
    // A 500 is most often a scheduler that is not there: say so, with what to do.
    const unreachable = await this.#unreachableReason();
    if (unreachable !== undefined) {
      return new OperationError(
        `Cannot reach the Durable Task Scheduler at ${this.settings.endpoint} (task hub '${this.settings.taskHub}'): ${unreachable}. ` +
          'Start the local emulator with `npx nx serve emulator`, or point --connection-string / DURABLE_TASK_SCHEDULER_CONNECTION_STRING at a running scheduler.',
      );
    }
    return new OperationError(fields.ExceptionMessage ? `${message}: ${stripGrpcPrefix(fields.ExceptionMessage)}` : message);
  }

  async #unreachableReason(): Promise<string | undefined> {
    try {
      await sendHello(this.settings, createMetadataGenerator(this.settings, 'client'), 3_000);
      return undefined;
    } catch (error) {
      const details = (error as { details?: string }).details ?? (error as Error).message;
      return stripGrpcPrefix(details).replace(/^No connection established\. Last error: (Error: )?/, '').replace(/\.?\s*Resolution note:.*$/s, '');
    }
  }

  /** A failure of a direct client call, in the same words. */
  async clientFailure(error: unknown): Promise<OperationError> {
    const code = (error as { code?: number }).code;
    if (code === 14 /* UNAVAILABLE */ || code === 4 /* DEADLINE_EXCEEDED */) return this.#failure(500, {});
    return new OperationError(stripGrpcPrefix((error as Error).message ?? String(error)));
  }
}
