// Provider calls through a proxy, as on a self-hosted runner behind one: the bundle, run with
// HTTP_PROXY (or HTTPS_PROXY for https base URLs) in its environment, sends every request through
// it, except to hosts NO_PROXY lists. The proxy is a small one on loopback (test/support/forward-proxy.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TALKOVER } from '../emulator/seed.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.ts';

const { emulator, run, sent } = useEndToEnd();
let proxy: ForwardProxy;

beforeAll(async () => {
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(() => {
  proxy.targets.length = 0;
});

const id = TALKOVER.draftReady;
const emulatorHost = () => new URL(emulator.baseUrls.talkover).host;

describe('a proxy in the environment', () => {
  it('carries every provider request when HTTP_PROXY names it', async () => {
    const result = await run('talkover', { 'agent-id': id }, { HTTP_PROXY: proxy.url });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(sent()).toHaveLength(3);
    // One pooled connection can carry all three requests: at least one tunnel, every one to the emulator.
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([emulatorHost()]));
  });

  it('is bypassed for the hosts NO_PROXY lists', async () => {
    const result = await run(
      'talkover',
      { 'agent-id': id },
      { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(sent()).toHaveLength(3);
    expect(proxy.targets).toEqual([]);
  });

  it('is not used without a proxy variable', async () => {
    const result = await run('talkover', { 'agent-id': id });
    expect(result.exitCode).toBe(0);
    expect(proxy.targets).toEqual([]);
  });
});
