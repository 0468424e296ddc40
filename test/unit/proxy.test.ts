// The proxy failures' own words: a tunnel refused or asking for credentials, a request that failed on
// its way through a proxy, and a proxy variable that cannot be used. They name the proxy and the variable
// it came from, never base-url and never the proxy's credentials.
import { describe, expect, it } from 'vitest';
import { proxyRefused, throughProxy } from '../../src/http/proxy-failures.ts';
import { proxyFor, proxyNote, ProxySettingError, type ProxyRoute } from '../../src/http/proxy.ts';
import { networkFailure } from '../../src/http/transport-failures.ts';

const LABEL = 'Talkover GET /api/v1/agents/a1';
const route = (): ProxyRoute => {
  const found = proxyFor('https://talkover.test', { HTTPS_PROXY: 'http://ci-bot:pw@proxy.corp:3128' });
  if (found === undefined) throw new Error('expected a proxy');
  return found;
};

function settingError(value: string): ProxySettingError {
  try {
    proxyFor('https://talkover.test', { HTTPS_PROXY: value });
  } catch (error) {
    if (error instanceof ProxySettingError) return error;
  }
  throw new Error('expected a ProxySettingError');
}

describe('proxy failures say', () => {
  it('that the proxy asked for credentials, and where to give them', () => {
    const failure = proxyRefused(LABEL, route(), 407);
    expect(failure.message).toBe(
      `${LABEL}: the proxy proxy.corp:3128 (HTTPS_PROXY) asked for credentials (HTTP 407 Proxy Authentication Required); nothing reached the provider.`,
    );
    expect(failure.hint).toMatch(/^Give the proxy's user and password in HTTPS_PROXY /);
  });

  it('that the request went through the proxy, after what went wrong', () => {
    const failure = throughProxy(networkFailure(LABEL, 'TIMEOUT', 2000), route());
    expect(failure.message).toBe(
      `${LABEL}: no complete answer within 2 s. The request went through the proxy proxy.corp:3128 (HTTPS_PROXY).`,
    );
    expect(failure.hint).toMatch(/^Check that the proxy in HTTPS_PROXY answers /);
  });

  it('which variable holds an unusable proxy, never its value', () => {
    const error = settingError('ci-bot:pw@proxy.corp:3128');
    expect(error.message).toBe(
      'The proxy in HTTPS_PROXY does not start with http:// or https://, the only proxies this action can use.',
    );
    expect(`${error.message}${error.hint}`).not.toContain('pw');
  });

  it('which proxy a request goes through, for other messages', () => {
    expect(proxyNote('https://api.github.test', { HTTPS_PROXY: 'http://proxy.corp:3128' })).toBe(
      ' through the proxy proxy.corp:3128 (HTTPS_PROXY)',
    );
    expect(proxyNote('http://127.0.0.1:3000', { HTTP_PROXY: 'http://proxy.corp:3128' })).toBe('');
  });
});
