// The management URLs of one instance, built as the Durable extension builds them
// (HttpApiHandler.GetClientResponseLinks): `{origin}/runtime/webhooks/durabletask/instances/{id}` plus
// `taskHub=..&connection=..[&code=..]`, and `reason={text}` first on terminate/rewind/suspend/resume.
import { DURABLE_WEBHOOK_BASE_PATH, type CheckStatusPayload, type DurableHttpResponse } from './durable-http-types.js';

export interface CheckStatusLinkOptions {
  taskHub: string;
  connectionName: string;
  requiredQueryStringParameters?: string;
}

export function buildCheckStatusPayload(instanceId: string, origin: string, options: CheckStatusLinkOptions): CheckStatusPayload {
  const base = `${origin.replace(/\/+$/, '')}${DURABLE_WEBHOOK_BASE_PATH}/instances/${encodeURIComponent(instanceId)}`;
  let query = `taskHub=${encodeURIComponent(options.taskHub)}&connection=${encodeURIComponent(options.connectionName)}`;
  const required = options.requiredQueryStringParameters?.replace(/^[?&]+/, '');
  if (required) query += `&${required}`;
  return {
    id: instanceId,
    statusQueryGetUri: `${base}?${query}`,
    sendEventPostUri: `${base}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${base}/terminate?reason={text}&${query}`,
    rewindPostUri: `${base}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${base}?${query}`,
    restartPostUri: `${base}/restart?${query}`,
    suspendPostUri: `${base}/suspend?reason={text}&${query}`,
    resumePostUri: `${base}/resume?reason={text}&${query}`,
  };
}

/** 202 with Location and Retry-After: 10, the async HTTP pattern durable-functions answers starters with. */
export function buildCheckStatusResponse(payload: CheckStatusPayload): DurableHttpResponse {
  return {
    status: 202,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Location: payload.statusQueryGetUri,
      'Retry-After': '10',
    },
    body: JSON.stringify(payload),
  };
}
