// GET …/orchestrations/:id/export: one instance and its whole history as a JSON file to download (the
// same shapes as the instance and history endpoints), so it can be kept, attached to a bug, or diffed.
import type http from 'node:http';
import { instanceView } from '../engine/instance-view.js';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { historyJson } from './history-json.js';
import { requireInstance } from './instance-reads.js';
import { SECURITY_HEADERS } from './json-exchange.js';

/** A file name any system accepts; the instance id itself travels in filename* (RFC 6266 / 5987). */
function fileNames(instanceId: string): string {
  const plain = instanceId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'instance';
  return `attachment; filename="${plain}.history.json"; filename*=UTF-8''${encodeURIComponent(`${instanceId}.history.json`)}`;
}

export function sendHistoryExport(hub: TaskHubEngine, instanceId: string, res: http.ServerResponse): void {
  const row = requireInstance(hub, instanceId);
  const events = historyJson(hub.getHistory(instanceId) ?? []);
  const body = JSON.stringify(
    {
      exportedAt: new Date().toISOString(),
      taskHub: hub.hub,
      instance: instanceView(row, true),
      history: { total: events.length, events },
    },
    null,
    2,
  );
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': fileNames(instanceId),
    'cache-control': 'no-store',
  });
  res.end(body);
}
