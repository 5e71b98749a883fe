import { parseConnectionString } from './connection-string.js';
import { createSidecarClient, dtsChannel } from './dts-channel.js';

const emulator = parseConnectionString('Endpoint=http://localhost:8080;TaskHub=hub-1;Authentication=None');
const azure = parseConnectionString('Endpoint=https://s.durabletask.io;TaskHub=t;Authentication=None');

describe('dtsChannel', () => {
  it('is plaintext for http:// and TLS for https://', () => {
    expect(dtsChannel(emulator).credentials._isSecure()).toBe(false);
    expect(dtsChannel(azure).credentials._isSecure()).toBe(true);
  });

  it('connects to the endpoint host and port', () => {
    expect(dtsChannel(emulator).hostAddress).toBe('localhost:8080');
    expect(dtsChannel(azure).hostAddress).toBe('s.durabletask.io:443');
  });

  it('turns channelz off and lifts the message size limits on every channel', () => {
    expect(dtsChannel(emulator).options).toEqual({
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
      'grpc.enable_channelz': 0,
    });
  });

  it('gives every caller its own options object', () => {
    const first = dtsChannel(emulator);
    first.options['grpc.enable_channelz'] = 1;
    expect(dtsChannel(emulator).options['grpc.enable_channelz']).toBe(0);
  });
});

describe('createSidecarClient', () => {
  it('opens a TaskHubSidecarService client on the DTS channel', () => {
    const client = createSidecarClient(emulator);
    try {
      expect(typeof client.hello).toBe('function');
      expect(client.getChannel().getTarget()).toContain('localhost:8080');
    } finally {
      client.close();
    }
  });
});
