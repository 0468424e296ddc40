// publishAgent and its safe re-send in process: a fake adapter whose plan, apply and verify are
// scripted per test, the real HTTP client (never asked to send), and vitest's fake timers for the
// waits, so a test of a 2 s settle takes no time and shows exactly when the re-read happens.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderStatusError, UncertainWriteError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { Applied, Plan, ProviderAdapter, WriteRequest } from '../../src/providers/types.ts';
import { publishAgent } from '../../src/publish/agent.ts';
import { FAKE_ADAPTER, fakeRequest } from '../support/fake-request.ts';

const WRITE: WriteRequest = {
  method: 'POST',
  path: '/agents/a1/publish',
  body: { version: 3 },
  idempotent: false,
};
const PLANNED: Plan = {
  agentName: 'Front desk',
  live: { number: '2' },
  next: { number: '3' },
  write: WRITE,
  reason: 'publish draft version 3',
};
const DONE: Plan = { agentName: 'Front desk', live: { number: '3' }, reason: 'version 3 is live already' };
const APPLIED: Applied = { live: { number: '3' }, publishedAt: '2026-01-02T03:04:05Z' };

function uncertain(): UncertainWriteError {
  return new UncertainWriteError('Fake POST /agents/a1/publish: the answer was lost.', 'Re-run.');
}

/** An adapter whose steps answer, call by call, from the scripts given. */
function fakeAdapter(script: {
  plans: (Plan | Error)[];
  applies?: (Applied | Error)[];
}): ProviderAdapter & { calls: string[] } {
  const calls: string[] = [];
  const next = <T>(list: (T | Error)[] | undefined, step: string): Promise<T> => {
    calls.push(step);
    const answer = list?.shift();
    if (answer === undefined) throw new Error(`unexpected ${step}`);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return {
    calls,
    ...FAKE_ADAPTER,
    plan: () => next(script.plans, 'plan'),
    apply: () => next(script.applies, 'apply'),
    verify: () => {
      calls.push('verify');
      return Promise.resolve({ agentName: 'Front desk' });
    },
  };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  return { lines, info: add('info'), notice: add('notice'), warning: add('warning'), debug: () => undefined };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('publishAgent: plan, apply, verify', () => {
  it('plans, sends the one write, reads it back, and reports what is live', async () => {
    const adapter = fakeAdapter({ plans: [PLANNED], applies: [APPLIED] });
    const log = recordingLog();
    const report = await publishAgent(fakeRequest(adapter), log);
    expect(adapter.calls).toEqual(['plan', 'apply', 'verify']);
    // The agent's last line says the read-back confirmed it.
    expect(log.lines.at(-1)).toBe('info: Fake agent a1: verified');
    expect(report).toMatchObject({
      status: 'published',
      agentName: 'Front desk',
      previousVersion: '2',
      version: '3',
      publishedAt: APPLIED.publishedAt,
    });
  });

  it('skips the read-back when verify is off', async () => {
    const adapter = fakeAdapter({ plans: [PLANNED], applies: [APPLIED] });
    const report = await publishAgent(fakeRequest(adapter, { verify: false }), recordingLog());
    expect(adapter.calls).toEqual(['plan', 'apply']);
    expect(report.status).toBe('published');
  });

  it('sends nothing on a dry run, and reports the write it would send', async () => {
    const adapter = fakeAdapter({ plans: [PLANNED] });
    const report = await publishAgent(fakeRequest(adapter, { dryRun: true }), recordingLog());
    expect(adapter.calls).toEqual(['plan']);
    expect(report).toMatchObject({ status: 'dry-run' });
    expect(report.request).toContain('POST http://127.0.0.1:9/agents/a1/publish');
  });

  it('reports unchanged when the plan finds nothing to write', async () => {
    const adapter = fakeAdapter({ plans: [DONE] });
    const log = recordingLog();
    const report = await publishAgent(fakeRequest(adapter), log);
    expect(adapter.calls).toEqual(['plan']);
    expect(report.status).toBe('unchanged');
    expect(log.lines).toContain('notice: Fake agent a1: nothing to publish: version 3 is live already.');
  });

  it('names the step a failure happened in', async () => {
    const refused = new ProviderStatusError({
      request: 'Fake POST /agents/a1/publish',
      status: 409,
      detail: 'conflict',
      hint: 'Fix it.',
    });
    const adapter = fakeAdapter({ plans: [PLANNED], applies: [refused] });
    const report = await publishAgent(fakeRequest(adapter), recordingLog());
    expect(report.status).toBe('failed');
    // The failure as fields: the step it happened in, and the refusal as its cause.
    expect(report.error).toMatchObject({
      provider: 'Fake',
      agent: 'a1',
      operation: 'publish',
      step: 'apply',
    });
    expect(report.error?.cause).toContain(refused.message);
    // A write was sent and failed: what is live is not known, so none is reported.
    expect(report.version).toBeUndefined();
  });
});

describe('the safe re-send of a write whose answer was lost', () => {
  it('waits for the write to settle, reads again, and sends nothing more when it went through', async () => {
    const adapter = fakeAdapter({ plans: [PLANNED, DONE], applies: [uncertain()] });
    const log = recordingLog();
    const pending = publishAgent(fakeRequest(adapter), log);
    await vi.advanceTimersByTimeAsync(1999);
    expect(adapter.calls).toEqual(['plan', 'apply']);
    await vi.advanceTimersByTimeAsync(1);
    const report = await pending;
    expect(adapter.calls).toEqual(['plan', 'apply', 'plan', 'verify']);
    expect(report).toMatchObject({ status: 'published', version: '3' });
    expect(log.lines.some((line) => line.startsWith('warning: Fake POST'))).toBe(true);
  });

  it('sends the write again only when the re-read still plans the same version', async () => {
    const adapter = fakeAdapter({ plans: [PLANNED, PLANNED], applies: [uncertain(), APPLIED] });
    const pending = publishAgent(fakeRequest(adapter), recordingLog());
    await vi.runAllTimersAsync();
    const report = await pending;
    expect(adapter.calls).toEqual(['plan', 'apply', 'plan', 'apply', 'verify']);
    expect(report.status).toBe('published');
  });

  it('refuses to send a different version than the one planned', async () => {
    const moved: Plan = { ...PLANNED, next: { number: '4' }, reason: 'publish draft version 4' };
    const adapter = fakeAdapter({ plans: [PLANNED, moved], applies: [uncertain()] });
    const pending = publishAgent(fakeRequest(adapter), recordingLog());
    await vi.runAllTimersAsync();
    const report = await pending;
    expect(adapter.calls).toEqual(['plan', 'apply', 'plan']);
    expect(report.status).toBe('failed');
    expect(report.error).toMatchObject({ step: 'apply', operation: 'publish' });
  });

  it('reads again before counting a refused re-send as a failure', async () => {
    const refused = new ProviderStatusError({
      request: 'Fake POST /agents/a1/publish',
      status: 400,
      detail: 'nothing to publish',
      hint: 'Fix it.',
    });
    const adapter = fakeAdapter({
      plans: [PLANNED, PLANNED, DONE],
      applies: [uncertain(), refused],
    });
    const pending = publishAgent(fakeRequest(adapter), recordingLog());
    await vi.runAllTimersAsync();
    const report = await pending;
    expect(adapter.calls).toEqual(['plan', 'apply', 'plan', 'apply', 'plan', 'verify']);
    expect(report.status).toBe('published');
  });

  it('gives up after max-retries with the doubt in its message', async () => {
    const adapter = fakeAdapter({
      plans: [PLANNED, PLANNED],
      applies: [uncertain(), uncertain()],
    });
    const pending = publishAgent(fakeRequest(adapter, { maxRetries: 1 }), recordingLog());
    await vi.runAllTimersAsync();
    const report = await pending;
    expect(adapter.calls).toEqual(['plan', 'apply', 'plan', 'apply']);
    expect(report.status).toBe('failed');
    // The doubt the adapter raised is the failure's cause.
    expect(report.error?.cause).toContain(uncertain().message);
  });
});
