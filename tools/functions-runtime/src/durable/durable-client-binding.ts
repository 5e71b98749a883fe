/**
 * The `durableClient` input binding payload in the extension's OrchestratorShim form (BindingHelper
 * OrchestrationClientInputData): URL templates durable-functions' DurableClient fills in, with the literal
 * INSTANCEID placeholder. No rpcBaseUrl, so every client call goes through the webhook routes we serve.
 */
export interface DurableClientBindingPayload {
  taskHubName: string;
  creationUrls: { createNewInstancePostUri: string; createAndWaitOnNewInstancePostUri: string };
  managementUrls: Record<string, string>;
  baseUrl: string;
  requiredQueryStringParameters: string;
}

export function buildDurableClientBinding(origin: string, taskHub: string, connectionName: string, code = ''): DurableClientBindingPayload {
  const baseUrl = `${origin}/runtime/webhooks/durabletask`;
  const required = code ? `code=${code}` : '';
  const withRequired = (query: string) => [query, required].filter(Boolean).join('&');
  const hub = `taskHub=${encodeURIComponent(taskHub)}&connection=${encodeURIComponent(connectionName)}`;
  const instance = `${baseUrl}/instances/INSTANCEID`;
  return {
    taskHubName: taskHub,
    creationUrls: {
      createNewInstancePostUri: `${baseUrl}/orchestrators/{functionName}[/{instanceId}]${required ? `?${required}` : ''}`,
      createAndWaitOnNewInstancePostUri: `${baseUrl}/orchestrators/{functionName}[/{instanceId}]?${withRequired('timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}')}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${withRequired(hub)}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${withRequired(hub)}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${withRequired(hub)}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${withRequired(hub)}`,
      purgeHistoryDeleteUri: `${instance}?${withRequired(hub)}`,
      restartPostUri: `${instance}/restart?${withRequired(hub)}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${withRequired(hub)}`,
      resumePostUri: `${instance}/resume?reason={text}&${withRequired(hub)}`,
    },
    baseUrl,
    requiredQueryStringParameters: required,
  };
}
