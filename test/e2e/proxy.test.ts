// Provider and GitHub calls behind a proxy, as on a self-hosted runner behind one: the bundle, run with
// HTTPS_PROXY / HTTP_PROXY in its environment, sends requests through it, except to loopback addresses and
// the hosts NO_PROXY lists. The proxies are small ones on loopback: one that carries requests
// (test/support/forward-proxy.ts), one that accepts CONNECT and never answers, one that answers 407
// (test/support/broken-proxies.ts). Hosts under .test stand for remote APIs: only a proxy reaches them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, RETELL, TALKOVER } from '../emulator/seed.ts';
import { proxyRefused, throughProxy } from '../../src/http/proxy-failures.ts';
import { proxyFor, proxyNote, ProxySettingError, type ProxyRoute } from '../../src/http/proxy.ts';
import { networkFailure } from '../../src/http/transport-failures.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { annotations, resultError } from '../support/outcome.ts';
import { startAuthRequiredProxy, startHangingProxy, type BrokenProxy } from '../support/broken-proxies.ts';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.ts';
import { GITHUB_REPOSITORY } from '../emulator/github.ts';
import { runAction, shownLog } from '../support/run-action.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';

const { emulator, run, sent } = useEndToEnd();
const github = useGitHubEmulator();
let hanging: BrokenProxy;
let authRequired: BrokenProxy;
let forward: ForwardProxy;

beforeAll(async () => {
  [hanging, authRequired, forward] = await Promise.all([
    startHangingProxy(),
    startAuthRequiredProxy(),
    startForwardProxy(),
  ]);
});
afterAll(async () => {
  await Promise.all([hanging.close(), authRequired.close(), forward.close()]);
});
beforeEach(() => {
  for (const proxy of [hanging, authRequired, forward]) proxy.targets.length = 0;
  hanging.authorizations.length = 0;
});

const id = TALKOVER.draftReady;
/** A remote provider API: reachable only through a proxy. */
const REMOTE = 'https://talkover.test';
/** Credentials in the proxy's URL: they must never be shown. */
const PROXY_PASSWORD = 'pr0xy-S3cret-pw';
const withCredentials = (proxy: BrokenProxy) =>
  proxy.url.replace('http://', `http://ci-bot:${PROXY_PASSWORD}@`);
/** The route the action takes to REMOTE through `proxyUrl` given as HTTPS_PROXY. */
const route = (proxyUrl: string): ProxyRoute => {
  const found = proxyFor(REMOTE, { HTTPS_PROXY: proxyUrl });
  if (found === undefined) throw new Error('expected a proxy');
  return found;
};
/** The request the failures name. */
const LABEL = `Talkover GET /api/v1/agents/${id}`;

/** A run against the remote name, with a short timeout and no retries. */
function remoteRun(env: Record<string, string>) {
  return runAction(
    {
      provider: 'talkover',
      'api-key': KEYS.talkover,
      'base-url': REMOTE,
      'agent-id': id,
      'timeout-seconds': '2',
      'max-retries': '0',
    },
    env,
  );
}

describe('loopback and NO_PROXY hosts', () => {
  it('reaches a loopback base-url directly: the key never crosses the proxy', async () => {
    const result = await run(
      'talkover',
      { 'agent-id': id },
      { HTTP_PROXY: hanging.url, HTTPS_PROXY: hanging.url },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // Plan, publish, verify, where calls go: all direct.
    expect(sent()).toHaveLength(4);
    expect(hanging.targets).toEqual([]);
  });

  it('reaches a host NO_PROXY lists directly', async () => {
    const result = await remoteRun({ HTTPS_PROXY: hanging.url, NO_PROXY: 'example.org, .test' });
    // Nothing serves talkover.test without the proxy: the lookup fails, without a word about a proxy.
    expect(result.exitCode).toBe(1);
    expect(hanging.targets).toEqual([]);
    expect(resultError(result)).toMatchObject({ provider: 'Talkover', step: 'plan' });
    expect(result.stdout).not.toMatch(/proxy/i);
  });
});

describe('a proxy that fails', () => {
  it('that never answers a CONNECT ends the provider call on timeout-seconds, naming the proxy', async () => {
    const result = await remoteRun({ HTTPS_PROXY: withCredentials(hanging) });
    expect(result.exitCode).toBe(1);
    expect(hanging.targets).toEqual(['talkover.test:443']);
    // The credentials reached the proxy, and nothing else.
    expect(hanging.authorizations[0]).toMatch(/^Basic /);
    // The timeout, said as the proxy module says a failure on its way through the proxy.
    const expected = throughProxy(networkFailure(LABEL, 'TIMEOUT', 2000), route(withCredentials(hanging)));
    expect(resultError(result)).toMatchObject({ cause: expected.message, hint: expected.hint });
    expect(result.stdout + result.stderr + result.summary).not.toContain(PROXY_PASSWORD);
    expect(result.stdout).not.toContain('ci-bot');
  });

  it('that asks for credentials (407) is named with its variable, not base-url', async () => {
    const result = await remoteRun({ HTTPS_PROXY: authRequired.url });
    expect(result.exitCode).toBe(1);
    expect(authRequired.targets).toEqual(['talkover.test:443']);
    const expected = proxyRefused(LABEL, route(authRequired.url), 407);
    expect(resultError(result)).toMatchObject({ cause: expected.message, hint: expected.hint });
    expect(shownLog(result.stdout)).not.toContain('base-url');
  });

  it('given as a malformed URL is named by its variable, its value never shown', async () => {
    const result = await remoteRun({ HTTPS_PROXY: `ci-bot:${PROXY_PASSWORD}@proxy.corp:3128` });
    expect(result.exitCode).toBe(1);
    // The failure is the proxy module's own, naming the variable.
    const malformed = `ci-bot:${PROXY_PASSWORD}@proxy.corp:3128`;
    expect(() => proxyFor(REMOTE, { HTTPS_PROXY: malformed })).toThrow(ProxySettingError);
    const { cause, hint } = resultError(result);
    expect(cause).toContain('HTTPS_PROXY');
    expect(hint).toContain('HTTPS_PROXY');
    expect(shownLog(result.stdout)).not.toContain('base-url');
    expect(result.stdout + result.stderr + result.summary).not.toContain(PROXY_PASSWORD);
  });
});

describe('GitHub calls behind a proxy', () => {
  const deploymentInputs = {
    provider: 'retell',
    'api-key': KEYS.retell,
    'agent-id': RETELL.withDraft,
    environment: 'retell-production',
  };

  it('go through it, like provider calls', async () => {
    const githubHost = `github.test:${new URL(github.origin).port}`;
    const result = await runAction(
      { ...deploymentInputs, 'base-url': emulator.baseUrls.retell },
      { GITHUB_API_URL: `http://${githubHost}`, HTTP_PROXY: forward.url },
    );
    expect(result.exitCode).toBe(0);
    expect(new Set(forward.targets)).toEqual(new Set([githubHost]));
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toContain(
      `POST /repos/${GITHUB_REPOSITORY}/deployments`,
    );
  });

  it('through a proxy that never answers end in their budget and let the green step exit', async () => {
    const result = await runAction(
      { ...deploymentInputs, 'base-url': emulator.baseUrls.retell },
      { GITHUB_API_URL: 'https://github.test', HTTPS_PROXY: hanging.url },
    );
    // Before, undici held the CONNECT open for 300 s after the publish and the process with it.
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(hanging.targets).toEqual(['github.test:443']);
    // One warning, naming the GitHub API and the proxy it went through.
    const [warning = '', ...others] = annotations(result.stdout, 'warning');
    expect(others).toEqual([]);
    expect(warning).toContain('https://github.test');
    expect(warning).toContain(proxyNote('https://github.test', { HTTPS_PROXY: hanging.url }));
  });
});
