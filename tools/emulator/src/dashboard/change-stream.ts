// Live updates: a Server-Sent Events stream per browser tab that says which instances changed,
// batched, so the UI refreshes what it shows instead of polling.
import type http from 'node:http';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { SECURITY_HEADERS } from './json-exchange.js';

const BATCH_MS = 250;
const HEARTBEAT_MS = 15_000;
const MAX_IDS = 200;

export function streamChanges(req: http.IncomingMessage, res: http.ServerResponse, hub: TaskHubEngine): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
  const pending = new Set<string>();
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const ids = [...pending];
    pending.clear();
    res.write(`event: change\ndata: ${JSON.stringify({ ids, more: dropped })}\n\n`);
    dropped = 0;
  };
  const unsubscribe = hub.onChange((id) => {
    if (pending.size < MAX_IDS) pending.add(id);
    else dropped++;
    timer ??= setTimeout(flush, BATCH_MS);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = (): void => {
    unsubscribe();
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
  };
  req.once('close', stop);
  res.once('close', stop);
}
