// Keeps other web sites out. The dashboard has no authentication (like the DTS emulator's), so a page on
// another origin must not be able to change state through the user's browser (CSRF), and a DNS name
// rebound to 127.0.0.1 must not be able to read data.
import type http from 'node:http';
import { ApiError } from './api-error.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon >= 0 ? hostHeader.slice(0, colon) : hostHeader;
}

/**
 * When the dashboard listens on a loopback address, only loopback host names may be used to reach it
 * (this defeats DNS rebinding). When it was deliberately exposed (--host 0.0.0.0), any name is accepted.
 */
export function checkHost(req: http.IncomingMessage, listenHost: string): void {
  if (!LOOPBACK_NAMES.has(listenHost) && !listenHost.startsWith('127.')) return;
  const host = req.headers.host ?? '';
  const name = hostnameOf(host).toLowerCase();
  if (!LOOPBACK_NAMES.has(name) && !name.startsWith('127.')) {
    throw new ApiError(
      421,
      `Refused a request for host '${host}': the dashboard listens on ${listenHost} and only answers loopback ` +
        'host names (localhost, 127.0.0.1). Start the emulator with --host to expose it.',
    );
  }
}

/** A state-changing request must come from the dashboard's own origin (or from a script) and carry JSON. */
export function checkStateChangingRequest(req: http.IncomingMessage): void {
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new ApiError(403, `Refused a ${req.method} from another site (Sec-Fetch-Site: ${fetchSite}).`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = '';
    }
    if (originHost !== req.headers.host) {
      throw new ApiError(
        403,
        `Refused a ${req.method} from origin '${origin}': state-changing requests must come from the dashboard ` +
          `itself (http://${req.headers.host ?? ''}).`,
      );
    }
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new ApiError(
      415,
      `A ${req.method} to the dashboard API needs 'Content-Type: application/json' (got '${contentType || 'none'}').`,
    );
  }
}
