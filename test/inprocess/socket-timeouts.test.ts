// A read that hangs, or trickles, ends at timeout-seconds: undici's real time limit ends it, as it would
// at the provider, so each case here waits that long (1 s). Apart from faults.test.ts, whose cases do not
// wait (the step's clock is virtual there and here alike: the retry's wait ends at once).
import { expect, it } from 'vitest';
import { TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';

const { emulator, run, attempts } = useInProcess();

const TALKOVER_AGENT = `/api/v1/agents/${TALKOVER.draftReady}`;

it('gives up on a read that hangs before its headers after timeout-seconds, and retries it', async () => {
  emulator.disruptNext({ provider: 'talkover', method: 'GET', disruption: 'hang' });
  // A real hang: the socket's timeout ends it, as it would at the provider.
  const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, 'timeout-seconds': '1' });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('published');
  // One more than the retries show: where calls go reads the agent's numbers after the publish.
  expect(attempts('GET', TALKOVER_AGENT)).toBe(4);
  expect(result.waits).toHaveLength(1);
});

it('cuts a body that trickles in slower than timeout-seconds, though each byte arrives in time', async () => {
  // One byte every 200 ms: undici's idle body timeout alone would wait for all of it (about 40 s).
  emulator.disruptNext({ provider: 'talkover', method: 'GET', disruption: 'slow-body' });
  const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, 'timeout-seconds': '1' });
  expect(result.exitCode).toBe(0);
  // One more than the retries show: where calls go reads the agent's numbers after the publish.
  expect(attempts('GET', TALKOVER_AGENT)).toBe(4);
  expect(result.waits).toHaveLength(1);
});
