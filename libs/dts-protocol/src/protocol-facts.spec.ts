import { entityInstanceId, parseEntityInstanceId } from './entity-instance-id.js';
import { MAX_PAYLOAD_BYTES, oversizedPayloadBytes, utf8ByteLength } from './payload-limits.js';

describe('entity instance ids', () => {
  it('lower-cases the name and keeps the key as given', () => {
    expect(entityInstanceId('Counter', 'K1')).toBe('@counter@K1');
  });

  it('parses @name@key, keeping @ inside the key, and refuses anything else', () => {
    expect(parseEntityInstanceId('@account@a@b')).toEqual({ name: 'account', key: 'a@b' });
    expect(parseEntityInstanceId('@counter@')).toEqual({ name: 'counter', key: '' });
    expect(parseEntityInstanceId('counter@k1')).toBeUndefined();
    expect(parseEntityInstanceId('@@k1')).toBeUndefined();
  });
});

describe('payload limits', () => {
  it('counts UTF-8 bytes like the wire does', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
  });

  it('reports the size only of payloads over 1 MB', () => {
    expect(oversizedPayloadBytes('x'.repeat(MAX_PAYLOAD_BYTES))).toBeUndefined();
    expect(oversizedPayloadBytes('x'.repeat(MAX_PAYLOAD_BYTES + 1))).toBe(MAX_PAYLOAD_BYTES + 1);
    expect(oversizedPayloadBytes('é'.repeat(MAX_PAYLOAD_BYTES / 2 + 1))).toBe(MAX_PAYLOAD_BYTES + 2);
  });
});
