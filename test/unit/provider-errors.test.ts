import { describe, expect, it } from 'vitest';
import { hintForStatus, providerMessage } from '../../src/http/failures.ts';
import { createRedactor } from '../../src/http/redact.ts';

/** No key to hide: the message as the provider wrote it. */
const same = (text: string): string => text;

describe('providerMessage reads every documented error body shape', () => {
  it.each([
    [
      'Talkover envelope',
      { success: false, error: { code: 'AGENT_NOT_FOUND', message: 'Agent not found' } },
      'Agent not found',
      'AGENT_NOT_FOUND',
    ],
    ['Talkover message only', { message: 'Unauthenticated.' }, 'Unauthenticated.', undefined],
    [
      'Talkover validation map',
      { message: 'Invalid', errors: { voice: ['is missing'] } },
      'Invalid (voice: is missing)',
      undefined,
    ],
    [
      'Talkover flow list',
      { success: false, message: 'Not ready', errors: ['voice is not configured'] },
      'Not ready (voice is not configured)',
      undefined,
    ],
    [
      'Talkover error.details',
      {
        success: false,
        error: { code: 'VALIDATION_ERROR', message: 'Not ready', details: { voice: ['is missing'] } },
      },
      'Not ready (voice: is missing)',
      'VALIDATION_ERROR',
    ],
    [
      'Talkover errors list without a message',
      { success: false, errors: ['voice is not configured', 'calling is not configured'] },
      'voice is not configured; calling is not configured',
      undefined,
    ],
    [
      'FastAPI detail as an object',
      { detail: { msg: 'Invalid authentication credentials' } },
      'Invalid authentication credentials',
      undefined,
    ],
    ['a message array', { message: ['agentId must be a UUID', 'x'] }, 'agentId must be a UUID; x', undefined],
    [
      'empty details add nothing',
      { success: false, error: { code: 'AGENT_NOT_FOUND', message: 'Agent not found', details: {} } },
      'Agent not found',
      'AGENT_NOT_FOUND',
    ],
    [
      'Retell status/message',
      { status: 'error', message: 'API key is missing or invalid.' },
      'API key is missing or invalid.',
      undefined,
    ],
    ['Retell error_message', { error_message: 'Cannot find asset' }, 'Cannot find asset', undefined],
    [
      'Diga error_code',
      { status: 'error', error_code: 'BAD_PARAMETER', message: 'Invalid version' },
      'Invalid version',
      'BAD_PARAMETER',
    ],
    [
      'FastAPI detail',
      { detail: [{ loc: ['path', 'agent_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }] },
      'path.agent_id: Input should be a valid UUID',
      undefined,
    ],
    ['string detail', { detail: 'Not Found' }, 'Not Found', undefined],
    [
      'object detail',
      { detail: { status: 'invalid_api_key', message: 'Invalid API key' } },
      'Invalid API key',
      'invalid_api_key',
    ],
    ['string error', { error: 'rate limited' }, 'rate limited', undefined],
  ])('%s', (_name, body, detail, code) => {
    expect(providerMessage(JSON.stringify(body), 'application/json', same)).toEqual({ detail, code });
  });

  it('describes an HTML proxy page without its tags', () => {
    const html =
      '<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
    expect(providerMessage(html, 'text/html', same).detail).toBe('non-JSON response: 502 Bad Gateway nginx');
  });

  it('collapses and truncates plain text', () => {
    const { detail } = providerMessage(`oops\n\n${'x'.repeat(400)}`, 'text/plain', same);
    expect(detail.startsWith('oops x')).toBe(true);
    expect(detail).toHaveLength(300);
  });

  it('says so when the body is empty', () => {
    expect(providerMessage('  ', undefined, same).detail).toBe('empty response body');
  });
});

describe('hintForStatus', () => {
  const context = { provider: 'Retell', apiKeyEnv: 'RETELL_API_KEY', hints: { 422: 'Provider-specific.' } };
  it('prefers the provider hint', () => {
    expect(hintForStatus(422, context)).toBe('Provider-specific.');
  });
  it.each([
    [401, 'RETELL_API_KEY'],
    [403, 'permission'],
    [404, 'agent-id'],
    [429, 'rate-limited'],
    [503, 're-run the job later'],
    [400, 'rejected'],
  ])('gives a next step for %i', (status, text) => {
    expect(hintForStatus(status, context)).toContain(text);
  });
});

describe('providerMessage redacts what JSON decoding spells', () => {
  it('hides a key the provider wrote with \\u escapes, in the message and the code', () => {
    const key = 'key_0123456789abcdef';
    const escaped = key.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const body = `{"error":{"message":"bad key ${escaped}","code":"${escaped}"}}`;
    expect(body).not.toContain(key);
    const message = providerMessage(body, 'application/json', createRedactor([key]));
    expect(message).toEqual({ detail: 'bad key ***', code: '***' });
  });
});
