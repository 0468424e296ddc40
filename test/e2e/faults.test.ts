// Bundle smoke tests: the cases of test/inprocess/faults.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle (built fresh from src/) as the
// runner runs it, against a misbehaving provider.
import { describe, expect, it } from 'vitest';
import { LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { annotations, resultError, statusHint } from '../support/outcome.ts';

const { emulator, run, sent } = useEndToEnd();

describe('server errors (5xx)', () => {
  it('stops after max-retries and reports the last status', async () => {
    emulator.failNext({ provider: 'talkover', status: 502, times: 5 });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, 'max-retries': '1' });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(2);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'plan' });
    expect(error.cause).toContain('502');
    expect(error.hint).toBe(statusHint('talkover', 502));
  });
});

describe('redaction never corrupts what it reads (issue 13)', () => {
  it('hides the key echoed as hex, as base64 of its header, and percent-encoded in lower case', async () => {
    const key = 'sk-demo/langdock+77c1e2f0a9b34d58==';
    emulator.acceptKey('langdock', key);
    const echoes = [
      Buffer.from(key).toString('hex'),
      Buffer.from(`Bearer ${key}`).toString('base64'),
      encodeURIComponent(key).toLowerCase(),
    ];
    emulator.failNext({ provider: 'langdock', status: 403, body: { message: `keys ${echoes.join(' ')}` } });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges, 'api-key': key });
    expect(result.exitCode).toBe(1);
    // runAction has scanned the run for these forms too.
    expect(resultError(result).cause).toContain('keys *** *** ***');
  });
});

describe('provider text in the outputs and the summary (issue 13)', () => {
  it('still writes the summary and says what was published when GITHUB_OUTPUT cannot be written', async () => {
    const result = await run(
      'retell',
      { 'agent-id': RETELL.withDraft },
      { GITHUB_OUTPUT: '/nonexistent-publish-agent/output' },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain('unexpected error');
    expect(result.stdout).toContain(`Could not write the step's outputs to GITHUB_OUTPUT`);
    expect(result.stdout).toContain(`Already done: Retell agent ${RETELL.withDraft} published version 2.`);
    expect(result.summary).toContain(RETELL.withDraft);
    expect(result.summary).toContain('GITHUB\\_OUTPUT');
  });
});

describe('the overall deadline', () => {
  it('ends the step when deadline-seconds runs out, with outputs and summary written', async () => {
    emulator.disruptNext({ provider: 'talkover', method: 'GET', disruption: 'hang', times: 10 });
    // The deadline, not the 30 s timeout of one attempt, ends the hang (a real one: the process waits).
    const result = await run('talkover', {
      'agent-id': TALKOVER.draftReady,
      'deadline-seconds': '2',
      'timeout-seconds': '30',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    // The failure and its hint name the input that ran out.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'plan' });
    expect(error.cause).toContain('deadline-seconds');
    expect(error.hint).toContain('deadline-seconds');
    expect(annotations(result.stdout, 'error')[0]).toContain(error.hint);
    expect(result.summary).toContain('deadline-seconds');
    expect(sent().length).toBeGreaterThanOrEqual(1);
  });
});
