// The Hello Cities HTTP flow as a user drives it with curl: POST a starter, read the 202 check-status
// payload, poll its statusQueryGetUri until the instance has finished.
import { isTerminalStatus, parseRuntimeStatus } from '@durable-hosts/dts-protocol';
import { waitFor } from './wait-for.js';

/** The 202 answer of a Durable HTTP starter (`createCheckStatusResponse`): the instance id and its management URLs. */
export interface CheckStatusPayload {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  purgeHistoryDeleteUri: string;
  [key: string]: unknown;
}

export interface OrchestrationStatusJson {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  [key: string]: unknown;
}

/** Polls a statusQueryGetUri until the instance is Completed, Failed or Terminated, and resolves with that status. */
export async function waitForFinishedStatus(statusQueryGetUri: string, timeoutMs = 20_000): Promise<OrchestrationStatusJson> {
  return waitFor(
    async () => {
      const status = (await (await fetch(statusQueryGetUri)).json()) as OrchestrationStatusJson;
      return isTerminalStatus(parseRuntimeStatus(String(status.runtimeStatus)) ?? -1) ? status : undefined;
    },
    { timeoutMs, intervalMs: 100, message: `${statusQueryGetUri} did not show a finished instance` },
  );
}

/** POST `<origin><starterPath>` and resolve with the instance's status once it has finished. */
export async function runHttpStarter(origin: string, starterPath: string, timeoutMs = 20_000): Promise<OrchestrationStatusJson> {
  const response = await fetch(`${origin}${starterPath}`, { method: 'POST' });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST ${starterPath} answered ${response.status}: ${text}`);
  const { statusQueryGetUri } = JSON.parse(text) as CheckStatusPayload;
  return waitForFinishedStatus(statusQueryGetUri, timeoutMs);
}
