// Serves the built dashboard UI (vite output in tools/emulator/dist/dashboard-ui). From src/dashboard
// and from dist/dashboard alike, ../../dist/dashboard-ui is the same folder.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './json-exchange.js';

export const UI_ROOT = fileURLToPath(new URL('../../dist/dashboard-ui/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

// Only our own scripts and styles run; user data can never bring its own (defence in depth next to
// rendering every payload with textContent).
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Durable Task emulator</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; max-width: 48rem">
<h1>Durable Task emulator</h1>
<p>The emulator is running, but the dashboard UI has not been built. Build it with
<code>npx nx run emulator:build-dashboard</code> and reload this page.</p>
<p>The JSON API answers under <code>/api/v1/</code>, e.g. <code>/api/v1/taskhubs</code>.</p>
</body></html>`;

/** Answers GET requests for the UI; returns false for paths that are not UI files. */
export function serveUi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, root = UI_ROOT): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) return false;
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    if (relative !== 'index.html') return false;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(NOT_BUILT);
    return true;
  }
  const hashed = relative.startsWith('assets/');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': CSP,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
