// Bad configuration of a host: malformed DTS connection strings (a seeded fuzz of the parser in
// @durable-hosts/dts-connection, plus the cases a person gets wrong), unknown authentication types
// and a port in use. The parser either returns sane settings or throws an Error that says what is wrong;
// the host process exits non-zero with that message.
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { AUTHENTICATION_TYPES, parseConnectionString } from '@durable-hosts/dts-connection';
import { type EmulatorProcess, startEmulator, startHost } from '@durable-hosts/test-support';

const EXPRESS_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SEED = Number(process.env['RELIABILITY_FUZZ_SEED'] ?? 20261128);

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Endpoint', 'TaskHub', 'Authentication', 'ClientID', 'TenantId', 'TokenFilePath', 'endpoint', 'AUTHENTICATION',
  '=', '==', ';', ';;', ' ', '\t', '\n', '\u0000', '"', "'", 'http://', 'https://', 'grpc://', 'localhost', '[::1]',
  ':8080', ':0', ':99999', ':-1', '/', '?x=1', '#frag', '@', 'user:pw@', 'None', 'DefaultAzure', 'Password', 'default',
  '\u00e9', '%20', 'x'.repeat(300),
];

describe('DTS connection strings that are wrong', () => {
  it('parses 5000 random strings into sane settings or a clear Error, never anything else', () => {
    const random = prng(SEED);
    let valid = 0;
    const problems: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let value = '';
      const n = 1 + Math.floor(random() * 14);
      for (let k = 0; k < n; k++) value += PIECES[Math.floor(random() * PIECES.length)];
      // Every tenth string starts from a valid one, so deep paths get exercised too.
      if (i % 10 === 0) value = `Endpoint=http://localhost:8080;TaskHub=default;Authentication=None;${value}`;
      try {
        const s = parseConnectionString(value);
        valid++;
        if (!/^(\[[0-9a-f:]+\]|[^:\s/]+):\d+$/i.test(s.hostAddress)) problems.push(`${JSON.stringify(value)} → hostAddress ${s.hostAddress}`);
        if (s.taskHub.trim() === '') problems.push(`${JSON.stringify(value)} → empty task hub`);
        if (!(AUTHENTICATION_TYPES as readonly string[]).includes(s.authentication)) problems.push(`${JSON.stringify(value)} → auth ${s.authentication}`);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith('Invalid DTS connection string: ')) {
          problems.push(`${JSON.stringify(value)} → ${String(err)}`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(valid).toBeGreaterThan(0);
  });

  it.each([
    ['Authentication=Basic', /'Authentication' value 'Basic' is not supported/],
    ['Authentication=ApiKey', /'Authentication' value 'ApiKey' is not supported/],
    ['Authentication=', /'Authentication' has no value/],
  ])('refuses an unknown authentication type (%s), listing the supported ones', (auth, problem) => {
    expect(() => parseConnectionString(`Endpoint=https://x.durabletask.io;TaskHub=h;${auth}`)).toThrow(problem);
  });

  it('refuses credentials in the Endpoint without repeating the secret', () => {
    const secret = 's3cr3t-password';
    let message = '';
    try {
      parseConnectionString(`Endpoint=https://admin:${secret}@x.durabletask.io;TaskHub=h;Authentication=None`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/'Endpoint' must not contain a user name or password/);
    expect(message).not.toContain(secret);
  });

  it('refuses ports outside 1-65535', () => {
    for (const port of ['99999', '-1', '65536']) {
      expect(() => parseConnectionString(`Endpoint=http://localhost:${port};TaskHub=h;Authentication=None`)).toThrow(/Invalid DTS connection string/);
    }
  });
});

describe('express-host started with bad configuration', () => {
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await startEmulator({ db: ':memory:' });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('exits non-zero and names the setting when the connection string has an unknown authentication type', async () => {
    const host = startHost(EXPRESS_MAIN, {
      PORT: '0',
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: `Endpoint=http://127.0.0.1:${emulator.grpcPort};TaskHub=default;Authentication=Kerberos`,
    });
    const code = await new Promise<number | null>((resolve) => host.child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(host.output()).toContain(
      "DURABLE_TASK_SCHEDULER_CONNECTION_STRING: Invalid DTS connection string: 'Authentication' value 'Kerberos' is not supported",
    );
  });

  it('exits non-zero and names the port when PORT is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const host = startHost(EXPRESS_MAIN, { PORT: String(port), DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
      const code = await new Promise<number | null>((resolve) => host.child.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(host.output()).toContain(`Cannot listen on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});
