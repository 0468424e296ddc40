// Bundle smoke tests: the cases of test/inprocess/action.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// The bundle (built fresh from src/ before the tests), run as the runner runs it, against the
// emulator: for each provider publish, already live → unchanged, dry run, a failure, and unpublish
// where the provider has it.
import { describe, expect, it } from 'vitest';
import { KEYS, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useEndToEnd } from '../support/e2e.ts';
import { annotations, resultError, statusHint } from '../support/outcome.ts';
import { runAction } from '../support/run-action.ts';

const { emulator, run, sent, writes } = useEndToEnd();

describe('Talkover', () => {
  const id = TALKOVER.draftReady;

  it('publishes a draft agent, with no request body, and verifies it', async () => {
    const result = await run('talkover', { 'agent-id': id });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      provider: 'talkover',
      'agent-id': id,
      'agent-name': 'SupportBot',
      version: '',
      'previous-version': '',
    });
    expect(result.outputs['published-at']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(sent()).toEqual([
      `GET /talkover/api/v1/agents/${id}`,
      `POST /talkover/api/v1/agents/${id}/publish`,
      `GET /talkover/api/v1/agents/${id}`,
      // Where calls go: the agent's numbers, read after verify.
      `GET /talkover/api/v1/agents/${id}`,
    ]);
    const [publish] = writes();
    expect(publish?.body).toBe('');
    expect(publish?.headers['content-type']).toBeUndefined();
    expect(publish?.headers.authorization).toBe(`Bearer ${KEYS.talkover}`);
    expect(emulator.state.talkover.agents.get(id)?.current_status).toBe('published');
    // The summary file names the agent and links the run.
    for (const shown of ['SupportBot', id, 'https://github.com/acme/voice-agents/actions/runs/1234567890'])
      expect(result.summary).toContain(shown);
  });
});

describe('Retell', () => {
  const id = RETELL.withDraft;

  it('names the status, the provider message and the key hint on 401', async () => {
    const result = await run('retell', { 'agent-id': id, 'api-key': 'key_wrong_0000000000' });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    expect(error.cause).toContain('API key is missing or invalid.');
    // The hint for a 401 names the variable the key can come from.
    expect(error.hint).toBe(statusHint('retell', 401));
    expect(error.hint).toContain('RETELL_API_KEY');
  });
});

describe('the whole action', () => {
  it('takes the key from the provider environment variable', async () => {
    const result = await runAction(
      { provider: 'retell', 'agent-id': RETELL.withDraft, 'base-url': emulator.baseUrls.retell },
      { RETELL_API_KEY: KEYS.retell },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
  });

  it('fails bad input before any request, without a stack trace', async () => {
    const result = await run('diga', { 'agent-id': 'not-a-uuid' });
    expect(result.exitCode).toBe(1);
    expect(sent()).toEqual([]);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('"agent-id"')]);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    // The summary is written too, with the input to fix.
    expect(result.summary).toContain('agent-id');
  });
});

describe('reporting', () => {
  it('turns a summary that cannot be written into a warning, not a failed publish', async () => {
    const result = await run(
      'talkover',
      { 'agent-id': TALKOVER.draftReady },
      { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary.md' },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.stdout).toContain('::warning::Could not write the job summary');
  });
});
