import { describe, expect, it } from 'vitest';
import { createRedactor, redactValue } from '../../src/http/redact.ts';

const KEY = 'sk-live/abc+def=';

describe('redaction', () => {
  const redact = createRedactor([KEY]);

  it('removes the key and its encoded forms from text', () => {
    const text = [
      KEY,
      encodeURIComponent(KEY),
      Buffer.from(KEY).toString('base64'),
      Buffer.from(KEY).toString('base64url'),
    ].join(' ');
    expect(redact(text)).toBe('*** *** *** ***');
  });

  it('removes the key from every string of a JSON value', () => {
    const value = { message: `bad key ${KEY}`, nested: [{ echoed: KEY }], count: 3 };
    expect(redactValue(value, redact)).toEqual({
      message: 'bad key ***',
      nested: [{ echoed: '***' }],
      count: 3,
    });
  });

  it('leaves text without the key alone, and ignores an empty secret', () => {
    expect(createRedactor([''])('nothing to hide')).toBe('nothing to hide');
    expect(redact('nothing to hide')).toBe('nothing to hide');
  });

  it('removes the forms an attacker saw echoed: hex, base64 of the header, lower-case percent-encoding (issue 13)', () => {
    const text = [
      Buffer.from(KEY).toString('hex'),
      Buffer.from(KEY).toString('hex').toUpperCase(),
      Buffer.from(`Bearer ${KEY}`).toString('base64'),
      encodeURIComponent(KEY).toLowerCase(),
    ].join(' ');
    expect(redact(text)).toBe('*** *** *** ***');
  });

  it('removes an all-digit key that JSON read as a number (issue 13)', () => {
    const digits = createRedactor(['12345678901']);
    expect(redactValue({ id: 12345678901, count: 3 }, digits)).toEqual({ id: '***', count: 3 });
  });
});
