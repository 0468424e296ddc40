// The one safe-write loop for any write: a lost answer is settled by reading again, never by sending blindly.
import { describe, expect, it } from 'vitest';
import { ProviderStatusError, UncertainWriteError } from '../../src/errors.ts';
import type { HttpClient } from '../../src/http/client.ts';
import type { Logger } from '../../src/log.ts';
import { safeWrite, type Landed } from '../../src/publish/safe-write.ts';

const log: Logger = { info() {}, notice() {}, warning() {}, debug() {} };
const http: HttpClient = {
  baseUrl: 'http://x.invalid',
  maxRetries: 3,
  request: () => Promise.reject(new Error('no request expected')),
  backoff: () => Promise.resolve(),
};
const lost = () =>
  new UncertainWriteError('The write may have reached the provider before it failed.', 'Re-run.');

/** A write whose sends answer in turn (an Error is thrown), and whose re-reads show `states` in turn. */
function write(answers: (string | Error)[], states: Landed[]) {
  let sends = 0;
  let reads = 0;
  return {
    counts: () => ({ sends, reads }),
    run: () =>
      safeWrite({
        what: 'start',
        http,
        log,
        send: () => {
          const answer = answers[sends++];
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? 'late');
        },
        reread: () => Promise.resolve(states[reads++] ?? 'not-landed'),
        landed: (state: Landed) => state,
      }),
  };
}

describe('safeWrite', () => {
  it('returns the answer of a write that was answered', async () => {
    const w = write(['run_1'], []);
    expect(await w.run()).toEqual({ kind: 'sent', result: 'run_1' });
    expect(w.counts()).toEqual({ sends: 1, reads: 0 });
  });

  it('after a lost answer, a re-read that finds the write landed ends without a second send', async () => {
    const w = write([lost()], ['landed']);
    expect(await w.run()).toEqual({
      kind: 'landed',
      how: 'the first try went through (found on reading again)',
    });
    expect(w.counts()).toEqual({ sends: 1, reads: 1 });
  });

  it('after a lost answer, a re-read that finds nothing sends again', async () => {
    const w = write([lost(), 'run_2'], ['not-landed']);
    expect(await w.run()).toEqual({ kind: 'sent', result: 'run_2' });
    expect(w.counts()).toEqual({ sends: 2, reads: 1 });
  });

  it('fails loudly, sending nothing more, when the re-read finds something else', async () => {
    const w = write([lost()], [{ changed: '2 new test runs' }]);
    await expect(w.run()).rejects.toThrow(
      /Reading again found 2 new test runs, so nothing was sent a second time/,
    );
    expect(w.counts()).toEqual({ sends: 1, reads: 1 });
  });

  it('passes a definite refusal of the first send through untouched', async () => {
    const refusal = new ProviderStatusError({ request: 'POST /x', status: 422, detail: 'bad', hint: 'fix' });
    const w = write([refusal], []);
    await expect(w.run()).rejects.toBe(refusal);
    expect(w.counts()).toEqual({ sends: 1, reads: 0 });
  });
});
