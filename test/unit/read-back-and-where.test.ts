// After the last write, publishAgent reads it back and reads where calls go: at once where the adapter's
// verify only reads, one after the other where it may write (WhereCapability.afterVerify). A fake adapter
// whose verify and where read answer when the test says, the real HTTP client (never asked to send).
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type {
  Plan,
  ProviderAdapter,
  RouteReading,
  Verified,
  WhereCapability,
} from '../../src/providers/types.ts';
import { publishAgent } from '../../src/publish/agent.ts';
import { FAKE_ADAPTER, fakeRequest } from '../support/fake-request.ts';
import { deferred } from '../support/deferred.ts';

const PLANNED: Plan = {
  live: { number: '2' },
  next: { number: '3' },
  release: { number: '3' },
  write: { method: 'POST', path: '/agents/a1/publish', idempotent: false },
  reason: 'publish version 3',
  state: 'planned',
};

const SERVES_RELEASE: RouteReading = {
  target: '+14155550100',
  asked: true,
  serves: [{ version: '3', weight: '1' }],
  servesRelease: true,
};
const MISROUTED: RouteReading = {
  ...SERVES_RELEASE,
  serves: [{ version: '2', weight: '1' }],
  servesRelease: false,
};

/** An adapter that publishes at once; verify and the where read wait for the test, and record what they saw. */
function fakeAdapter(afterVerify: boolean) {
  const verify = deferred<Verified>();
  const where = deferred<readonly RouteReading[]>();
  const calls: string[] = [];
  const whereCapability: WhereCapability = {
    afterVerify,
    read: (_context, plan) => {
      calls.push(`where read (state: ${String(plan.state)})`);
      return where.promise;
    },
  };
  const adapter: ProviderAdapter = {
    ...FAKE_ADAPTER,
    where: whereCapability,
    plan: () => Promise.resolve(PLANNED),
    apply: () => Promise.resolve({ live: { number: '3' } }),
    verify: () => {
      calls.push('verify');
      return verify.promise;
    },
  };
  return { adapter, calls, verify, where };
}

const quiet: Logger = {
  info: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
};

/** Lets every pending step run that can. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the read-back and where calls go, at once', () => {
  it('reads where calls go while verify is still reading', async () => {
    const fake = fakeAdapter(false);
    const report = publishAgent(fakeRequest(fake.adapter), quiet);
    await settle();
    expect(fake.calls).toEqual(['verify', 'where read (state: planned)']);
    fake.verify.resolve({ agentName: 'Front desk' });
    fake.where.resolve([SERVES_RELEASE]);
    expect(await report).toMatchObject({
      status: 'published',
      agentName: 'Front desk',
      routes: [{ target: SERVES_RELEASE.target, asked: true, servesAsked: true }],
    });
  });

  it('fails the step on a route asked for that serves something else', async () => {
    const fake = fakeAdapter(false);
    const report = publishAgent(fakeRequest(fake.adapter), quiet);
    fake.verify.resolve({});
    fake.where.resolve([MISROUTED]);
    expect(await report).toMatchObject({
      status: 'failed',
      error: { step: 'verify' },
      routes: [{ target: MISROUTED.target, servesAsked: false }],
    });
  });

  it.each(['where', 'verify'] as const)(
    'reports a failed verify, not the route, and no routes judged, when %s ends first',
    async (first) => {
      const fake = fakeAdapter(false);
      const report = publishAgent(fakeRequest(fake.adapter), quiet);
      const endWhere = () => {
        fake.where.resolve([MISROUTED]);
      };
      const failVerify = () => {
        fake.verify.reject(new StateError('version 3 is not published after all.', 'Check it.'));
      };
      (first === 'where' ? endWhere : failVerify)();
      await settle();
      (first === 'where' ? failVerify : endWhere)();
      const failed = await report;
      expect(failed).toMatchObject({ status: 'failed', error: { step: 'verify' } });
      expect(failed.error?.cause).toContain('version 3 is not published after all.');
      expect(failed.routes).toBeUndefined();
    },
  );
});

describe('where calls go after a verify that may write', () => {
  it('reads only once verify is done, with the state verify left', async () => {
    const fake = fakeAdapter(true);
    const report = publishAgent(fakeRequest(fake.adapter), quiet);
    await settle();
    expect(fake.calls).toEqual(['verify']);
    fake.verify.resolve({ state: 'read back' });
    fake.where.resolve([SERVES_RELEASE]);
    expect(await report).toMatchObject({ status: 'published' });
    expect(fake.calls).toEqual(['verify', 'where read (state: read back)']);
  });

  it('reads with the plan’s state where verify left none', async () => {
    const fake = fakeAdapter(true);
    const report = publishAgent(fakeRequest(fake.adapter), quiet);
    fake.verify.resolve({});
    fake.where.resolve([SERVES_RELEASE]);
    expect(await report).toMatchObject({ status: 'published' });
    expect(fake.calls).toEqual(['verify', 'where read (state: planned)']);
  });
});
