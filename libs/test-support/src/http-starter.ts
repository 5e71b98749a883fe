// The seed's HTTP flow as a user drives it with curl: POST a starter, read the 202 check-status payload,
// poll its statusQueryGetUri until the instance leaves Pending/Running.
import { waitFor } from './wait-for.js';

export interface OrchestrationStatusJson {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  [key: string]: unknown;
}

/** POST `<origin><starterPath>` and resolve with the instance's status once it has finished. */
export async function runHttpStarter(origin: string, starterPath: string, timeoutMs = 20_000): Promise<OrchestrationStatusJson> {
  const response = await fetch(`${origin}${starterPath}`, { method: 'POST' });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST ${starterPath} answered ${response.status}: ${text}`);
  const { statusQueryGetUri } = JSON.parse(text) as { statusQueryGetUri: string };
  return waitFor(
    async () => {
      const status = (await (await fetch(statusQueryGetUri)).json()) as OrchestrationStatusJson;
      return ['Pending', 'Running'].includes(status.runtimeStatus) ? undefined : status;
    },
    { timeoutMs, intervalMs: 100, message: `${starterPath}'s instance did not finish` },
  );
}
