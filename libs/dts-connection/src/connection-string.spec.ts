import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import {
  AUTHENTICATION_TYPES,
  connectionStringTaskHub,
  DEFAULT_CONNECTION_STRING,
  parseConnectionString,
  readConnectionSettings,
} from './connection-string.js';

describe('parseConnectionString', () => {
  it('reads the local emulator string as plaintext localhost:8080, task hub default, no credential', () => {
    expect(parseConnectionString(DEFAULT_CONNECTION_STRING)).toEqual({
      endpoint: 'http://localhost:8080',
      hostAddress: 'localhost:8080',
      useTls: false,
      taskHub: 'default',
      authentication: 'None',
    });
  });

  it('matches keys case-insensitively, trims values and tolerates empty segments', () => {
    const settings = parseConnectionString('  endpoint = http://127.0.0.1:9090 ;; TASKHUB= hub-a ;authentication=none; ');
    expect(settings).toEqual({
      endpoint: 'http://127.0.0.1:9090',
      hostAddress: '127.0.0.1:9090',
      useTls: false,
      taskHub: 'hub-a',
      authentication: 'None',
    });
  });

  it('uses TLS for https:// endpoints and defaults their port to 443', () => {
    const settings = parseConnectionString(
      'Endpoint=https://myscheduler.westus2.durabletask.io;TaskHub=prod;Authentication=DefaultAzure',
    );
    expect(settings.useTls).toBe(true);
    expect(settings.hostAddress).toBe('myscheduler.westus2.durabletask.io:443');
    expect(settings.authentication).toBe('DefaultAzure');
  });

  it('uses TLS for an endpoint without a scheme', () => {
    const settings = parseConnectionString('Endpoint=myscheduler.durabletask.io:4443;TaskHub=t;Authentication=None');
    expect(settings).toMatchObject({ hostAddress: 'myscheduler.durabletask.io:4443', useTls: true });
  });

  it('defaults the port of an http:// endpoint to 80 and accepts a trailing slash', () => {
    expect(parseConnectionString('Endpoint=http://emulator/;TaskHub=t;Authentication=None').hostAddress).toBe('emulator:80');
  });

  it('keeps the optional ClientID, TenantId and TokenFilePath', () => {
    const settings = parseConnectionString(
      'Endpoint=https://s.durabletask.io;TaskHub=t;Authentication=WorkloadIdentity;' +
        'ClientID=00000000-0000-0000-0000-000000000001;TenantId=contoso.onmicrosoft.com;TokenFilePath=/var/run/token',
    );
    expect(settings).toMatchObject({
      authentication: 'WorkloadIdentity',
      clientId: '00000000-0000-0000-0000-000000000001',
      tenantId: 'contoso.onmicrosoft.com',
      tokenFilePath: '/var/run/token',
    });
  });

  it.each(AUTHENTICATION_TYPES.map((type) => [type]))('accepts Authentication=%s in any case', (type) => {
    const settings = parseConnectionString(`Endpoint=https://s;TaskHub=t;Authentication=${type.toUpperCase()}`);
    expect(settings.authentication).toBe(type);
  });

  it('takes a task hub chosen elsewhere over the string\'s TaskHub, which may then be missing', () => {
    expect(parseConnectionString('Endpoint=http://localhost:8080;TaskHub=from-string;Authentication=None', { taskHub: 'from-host' }).taskHub).toBe(
      'from-host',
    );
    expect(parseConnectionString('Endpoint=http://localhost:8080;Authentication=None', { taskHub: 'from-host' }).taskHub).toBe('from-host');
  });

  it('takes an endpoint given elsewhere over the string\'s Endpoint', () => {
    const settings = parseConnectionString(DEFAULT_CONNECTION_STRING, { endpoint: 'https://s.durabletask.io' });
    expect(settings).toMatchObject({ endpoint: 'https://s.durabletask.io', hostAddress: 's.durabletask.io:443', useTls: true, taskHub: 'default' });
  });

  it('checks an overriding value as it checks the string\'s own', () => {
    expect(() => parseConnectionString(DEFAULT_CONNECTION_STRING, { taskHub: ' ' })).toThrow(/'TaskHub' has no value/);
    expect(() => parseConnectionString(DEFAULT_CONNECTION_STRING, { endpoint: 'grpc://x' })).toThrow(/'Endpoint' has the scheme 'grpc:\/\/'/);
  });

  describe('errors name the problem and show the expected form', () => {
    const expectedForm = `Expected the form ${DEFAULT_CONNECTION_STRING}`;

    it.each([
      ['an empty string', '', /it is empty/],
      ['only whitespace', '   ', /it is empty/],
      ['a segment without =', 'Endpoint=http://localhost:8080;TaskHub;Authentication=None', /'TaskHub' is not a Key=Value pair/],
      ['a segment without a key', 'Endpoint=http://localhost:8080;=default;Authentication=None', /'=default' has no key/],
      ['an unknown key', 'Endpoint=http://localhost:8080;TaskHub=d;Authentication=None;Hub=x', /unknown key 'Hub'/],
      ['a repeated key', 'Endpoint=http://a:1;endpoint=http://b:2;TaskHub=d;Authentication=None', /key 'Endpoint' appears more than once/],
      ['a missing Endpoint', 'TaskHub=default;Authentication=None', /missing 'Endpoint'/],
      ['a missing TaskHub', 'Endpoint=http://localhost:8080;Authentication=None', /missing 'TaskHub'/],
      ['a missing Authentication', 'Endpoint=http://localhost:8080;TaskHub=default', /missing 'Authentication'/],
      ['an empty TaskHub', 'Endpoint=http://localhost:8080;TaskHub= ;Authentication=None', /'TaskHub' has no value/],
      ['an empty Endpoint', 'Endpoint=;TaskHub=d;Authentication=None', /'Endpoint' has no value/],
      ['an unsupported scheme', 'Endpoint=grpc://localhost:8080;TaskHub=d;Authentication=None', /'Endpoint' has the scheme 'grpc:\/\/'/],
      ['an unparsable endpoint', 'Endpoint=http://local host:8080;TaskHub=d;Authentication=None', /'Endpoint' value 'http:\/\/local host:8080' is not a URL/],
      ['an endpoint with a path', 'Endpoint=http://localhost:8080/api;TaskHub=d;Authentication=None', /'Endpoint' value .* must be a scheme, host and port only/],
      ['an unknown Authentication', 'Endpoint=http://localhost:8080;TaskHub=d;Authentication=Password', /'Authentication' value 'Password' is not supported \(use one of: None, DefaultAzure/],
    ])('rejects %s', (_case, value, problem) => {
      expect(() => parseConnectionString(value)).toThrow(problem);
      expect(() => parseConnectionString(value)).toThrow(expectedForm);
    });
  });
});

describe('readConnectionSettings', () => {
  it('falls back to the local emulator when the setting is unset or blank', () => {
    expect(readConnectionSettings({})).toEqual(parseConnectionString(DEFAULT_CONNECTION_STRING));
    expect(readConnectionSettings({ [CONNECTION_STRING_SETTING]: ' ' })).toEqual(parseConnectionString(DEFAULT_CONNECTION_STRING));
  });

  it('reads DURABLE_TASK_SCHEDULER_CONNECTION_STRING', () => {
    const env = { [CONNECTION_STRING_SETTING]: 'Endpoint=http://127.0.0.1:18080;TaskHub=other;Authentication=None' };
    expect(readConnectionSettings(env)).toMatchObject({ hostAddress: '127.0.0.1:18080', taskHub: 'other' });
  });

  it('names the setting when its value is invalid', () => {
    const env = { [CONNECTION_STRING_SETTING]: 'Endpoint=http://127.0.0.1:18080;Authentication=None' };
    expect(() => readConnectionSettings(env)).toThrow(`${CONNECTION_STRING_SETTING}: Invalid DTS connection string: missing 'TaskHub'`);
  });
});

describe('connectionStringTaskHub', () => {
  it('gives the TaskHub a connection string names, in any key case', () => {
    expect(connectionStringTaskHub('Endpoint=http://localhost:8080;taskhub= hub-a ;Authentication=None')).toBe('hub-a');
  });

  it('gives nothing when the string names no task hub or an empty one', () => {
    expect(connectionStringTaskHub('Endpoint=http://localhost:8080;Authentication=None')).toBeUndefined();
    expect(connectionStringTaskHub('Endpoint=http://localhost:8080;TaskHub=;Authentication=None')).toBeUndefined();
  });

  it('rejects a malformed string as parseConnectionString does', () => {
    expect(() => connectionStringTaskHub('Endpoint=http://localhost:8080;Hub=x')).toThrow(/unknown key 'Hub'/);
  });
});
