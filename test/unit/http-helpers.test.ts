import { describe, expect, it } from 'vitest';
import { retryableStatus, retryAfterMs } from '../../src/http/retry.ts';
import { buildUrl, encodePath } from '../../src/http/url.ts';
import { networkFailure } from '../../src/http/transport-failures.ts';

describe('encodePath', () => {
  it('URL-encodes every interpolated value', () => {
    const id = '../a b?#';
    expect(encodePath`/agents/${id}/publish`).toBe('/agents/..%2Fa%20b%3F%23/publish');
  });
});

describe('buildUrl', () => {
  it('keeps a base path prefix and adds the query', () => {
    expect(buildUrl('https://ld.example.com/api/public', '/agent/v1/get', { agentId: 'a b' })).toBe(
      'https://ld.example.com/api/public/agent/v1/get?agentId=a+b',
    );
    expect(buildUrl('https://x.example', '/p', {})).toBe('https://x.example/p');
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Mon, 23 Nov 2026 12:00:10 GMT' }, 10_000],
    [{ 'retry-after': 'Mon, 23 Nov 2026 11:00:00 GMT' }, undefined],
    [{ 'retry-after': '0' }, undefined],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after-ms': '0', 'retry-after': '2' }, 2000],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '-1' }, undefined],
    [{}, undefined],
  ])('%o → %s ms', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });
});

describe('retryableStatus', () => {
  it.each([
    [503, true, [], true],
    [503, false, [], false],
    [429, false, [], true],
    [409, true, [], false],
    [409, false, [409], true],
    [422, true, [409], false],
  ] as const)('HTTP %i, idempotent %s, not-applied %j → %s', (status, idempotent, notApplied, expected) => {
    expect(retryableStatus(status, idempotent, notApplied)).toBe(expected);
  });
});

describe('networkFailure', () => {
  it('suggests a longer timeout only for an answer that was too slow', () => {
    expect(networkFailure('Retell GET /x', 'TIMEOUT', 30_000).hint).toMatch(/^Raise timeout-seconds/);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET']) {
      const failure = networkFailure('Retell GET /x', code, 30_000);
      expect(failure.message).toBe(`Retell GET /x: connection failed (${code}).`);
      expect(failure.hint).toContain('base-url');
      expect(failure.hint).not.toContain('timeout-seconds');
    }
  });
});
