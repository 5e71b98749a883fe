import { endpointElsewhere } from './host-dependency.js';

describe('endpointElsewhere: whether a host started with --if-needed will use this emulator', () => {
  it('uses this emulator when no connection string is set, or it names this port on this machine', () => {
    expect(endpointElsewhere(undefined, 8080)).toBeUndefined();
    expect(endpointElsewhere('Endpoint=http://localhost:8080;TaskHub=default;Authentication=None', 8080)).toBeUndefined();
    expect(endpointElsewhere('taskhub=default; ENDPOINT = http://127.0.0.1:8080 ;Authentication=None', 8080)).toBeUndefined();
  });

  it('names the endpoint when the host will connect elsewhere', () => {
    const azure = 'Endpoint=https://my-scheduler.westus2.durabletask.io;TaskHub=hub;Authentication=DefaultAzure';
    expect(endpointElsewhere(azure, 8080)).toBe('https://my-scheduler.westus2.durabletask.io');
    expect(endpointElsewhere('Endpoint=http://localhost:9080;TaskHub=default;Authentication=None', 8080)).toBe(
      'http://localhost:9080',
    );
  });
});
