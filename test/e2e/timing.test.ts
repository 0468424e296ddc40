// The action's debug timing lines are what `npm run bench` reads to show where the time goes: if
// their format drifts, the bench's breakdown would go empty without failing.
import { describe, expect, it } from 'vitest';
import { parseTimings, PHASES } from '../../bench/timings.ts';
import { KEYS, PUBLISHABLE } from '../emulator/seed.ts';
import { runAction } from '../support/run-action.ts';
import { useEmulator } from '../support/use-emulator.ts';

const emulator = useEmulator();

describe('debug timing lines', () => {
  it('give every phase and each request of a publish', async () => {
    const result = await runAction({
      provider: 'talkover',
      'agent-id': PUBLISHABLE.talkover,
      'api-key': KEYS.talkover,
      'base-url': emulator.baseUrls.talkover,
    });
    expect(result.exitCode).toBe(0);
    const timings = parseTimings(result.stdout, 10_000);
    expect(Object.keys(timings.phases).sort()).toEqual([...PHASES].sort());
    // Plan, publish, verify, then where calls go (the agent's numbers).
    expect(timings.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET', 'GET']);
    expect(timings.requests[1]?.label).toBe(`Talkover POST /api/v1/agents/${PUBLISHABLE.talkover}/publish`);
    for (const ms of Object.values(timings.phases)) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
  });
});
