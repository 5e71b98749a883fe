import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationPollRequest, runHttpActivity } from './http-activity.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Two local servers on different ports: two origins. */
async function listen(handler: (seen: Seen, response: import('node:http').ServerResponse) => void, seen: Seen[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      seen.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the built-in HTTP activity (callHttp)', () => {
  const seen: Seen[] = [];
  let a: { server: Server; origin: string };
  let b: { server: Server; origin: string };

  beforeAll(async () => {
    b = await listen((_s, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('other origin'), seen);
    a = await listen((s, response) => {
      if (s.url === '/redirect-same') response.writeHead(302, { location: '/target' }).end();
      else if (s.url === '/redirect-other') response.writeHead(307, { location: `${b.origin}/elsewhere` }).end();
      else if (s.url === '/slow') setTimeout(() => response.end('late'), 1_000);
      else response.writeHead(200, { 'content-type': 'application/json', 'x-trace': 't1', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
    }, seen);
  });
  afterAll(() => {
    for (const s of [a, b]) {
      s.server.closeAllConnections();
      s.server.close();
    }
  });

  it('sends the content as text/plain unless a Content-Type says otherwise, and answers with status, text and headers', async () => {
    seen.length = 0;
    const response = await runHttpActivity([{ method: 'POST', uri: `${a.origin}/echo`, content: '{"ask":1}', headers: { 'x-custom': 'v' } }]);
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"ask":1}', headers: { 'content-type': 'text/plain', 'x-custom': 'v' } });
    expect(response.statusCode).toBe(200);
    expect(response.content).toBe('{"ok":true}');
    // Response headers as the extension reports them: no content headers, repeated ones as arrays.
    expect(response.headers['x-trace']).toBe('t1');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.headers['content-type']).toBeUndefined();
  });

  it('follows a redirect without the Authorization header, turning a 302 POST into a GET', async () => {
    seen.length = 0;
    const response = await runHttpActivity({ method: 'POST', uri: `${a.origin}/redirect-same`, content: 'x', headers: { authorization: 'Bearer secret', cookie: 'c=1', 'x-keep': 'k' } });
    expect(response.statusCode).toBe(200);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /redirect-same', 'GET /target']);
    expect(seen[1].headers.authorization).toBeUndefined();
    expect(seen[1].headers.cookie).toBe('c=1');
    expect(seen[1].headers['x-keep']).toBe('k');
  });

  it('drops Cookie too when a redirect leaves the origin, and keeps the method on a 307', async () => {
    seen.length = 0;
    const response = await runHttpActivity({ method: 'PUT', uri: `${a.origin}/redirect-other`, content: 'body', headers: { authorization: 'Bearer secret', cookie: 'c=1' } });
    expect(response.content).toBe('other origin');
    expect(seen[1]).toMatchObject({ method: 'PUT', url: '/elsewhere', body: 'body' });
    expect(seen[1].headers.authorization).toBeUndefined();
    expect(seen[1].headers.cookie).toBeUndefined();
  });

  it('polls a Location with GET and the original headers, without x-functions-key, and without credentials on another origin', () => {
    const original = { method: 'POST', uri: 'https://api.example.com/jobs', content: 'x', headers: { Authorization: 'Bearer t', Cookie: 'c', 'x-functions-key': 'k', 'x-keep': 'v' } };
    expect(locationPollRequest(original, 'https://api.example.com/jobs/1')).toMatchObject({
      method: 'GET',
      uri: 'https://api.example.com/jobs/1',
      headers: { Authorization: 'Bearer t', Cookie: 'c', 'x-keep': 'v' },
    });
    expect(locationPollRequest(original, 'https://status.example.net/jobs/1').headers).toEqual({ 'x-keep': 'v' });
    expect(locationPollRequest(original, 'https://status.example.net/jobs/1').content).toBeUndefined();
  });

  it('fails with the user timeout named when the server is slower than it', async () => {
    await expect(runHttpActivity({ method: 'GET', uri: `${a.origin}/slow`, timeout: '00:00:00.2' })).rejects.toThrow(
      'Reached user specified timeout: 00:00:00.2',
    );
  });

  it('refuses multipart content as the extension does', async () => {
    await expect(runHttpActivity({ method: 'POST', uri: `${a.origin}/echo`, content: 'x', headers: { 'Content-Type': 'multipart/form-data' } })).rejects.toThrow(
      'Multipart content is not supported with CallHttpAsync.',
    );
  });

  it('sends a managed-identity token as a bearer token, asking for the resource as the extension does', async () => {
    seen.length = 0;
    const scopes: string[] = [];
    await runHttpActivity(
      { method: 'GET', uri: `${a.origin}/echo`, tokenSource: { kind: 'AzureManagedIdentity', resource: 'https://management.core.windows.net' } },
      { getToken: async (scope) => (scopes.push(scope), 'token-123') },
    );
    expect(scopes).toEqual(['https://management.core.windows.net/.default']);
    expect(seen[0].headers.authorization).toBe('Bearer token-123');
  });

  it('says why when no token can be had and what to do locally', async () => {
    const failing = async () => {
      throw new Error('ManagedIdentityCredential: no managed identity endpoint found');
    };
    await expect(
      runHttpActivity({ method: 'GET', uri: `${a.origin}/echo`, tokenSource: { kind: 'AzureManagedIdentity', resource: 'https://vault.azure.net' } }, { getToken: failing }),
    ).rejects.toThrow(/could not get a token for 'https:\/\/vault\.azure\.net' through DefaultAzureCredential.*az login.*no managed identity endpoint found/s);
  });

  it('names the address when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/nothing`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(runHttpActivity({ method: 'GET', uri })).rejects.toThrow(`callHttp GET ${uri} failed: connect ECONNREFUSED`);
  });
});
