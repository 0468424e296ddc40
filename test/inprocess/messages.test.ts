// What the log and the summary say, read once: each fact once, in plain words, one time format.
import { describe, expect, it } from 'vitest';
import { DIGA, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { shownLog } from '../support/run-action.ts';

const { emulator, run } = useInProcess();

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('the messages', () => {
  it('name the agent once in a failure, and the step in plain words', async () => {
    const notReady = await run('talkover', { 'agent-id': TALKOVER.notReady });
    const error = /^::error::(.*)$/m.exec(notReady.stdout)?.[1] ?? '';
    // Talkover decides readiness (issue 12): its 422 is the cause, named once by the request's path.
    expect(error).toMatch(
      /^publish-agent: Publishing failed: Talkover POST \S+ answered HTTP 422: Agent is not ready/,
    );
    expect(count(error, TALKOVER.notReady)).toBe(1);

    emulator.failNext({
      provider: 'retell',
      method: 'GET',
      status: 404,
      body: { error_message: 'Not found' },
    });
    const missing = await run('retell', { 'agent-id': RETELL.withDraft, 'max-retries': '0' });
    const message = /^::error::(.*)$/m.exec(missing.stdout)?.[1] ?? '';
    expect(message).toMatch(/^publish-agent: Reading the agent failed: Retell GET \S+ answered HTTP 404/);
    expect(count(message, RETELL.withDraft)).toBe(1);
    expect(missing.stdout).not.toMatch(/\b(plan|apply|verify) failed/);
  });

  it('give an unchanged re-run its reason once in the log', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished });
    expect(result.outputs.status).toBe('unchanged');
    expect(count(shownLog(result.stdout), 'is already published')).toBe(1);
  });

  it('write every time to the second, in one format', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.outputs['published-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(result.summary).toContain(`| ${result.outputs['published-at'] ?? ''} |`);
  });

  it('show the change a dry run would make', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, 'dry-run': 'true' });
    expect(result.outputs.status).toBe('dry-run');
    expect(result.summary).toMatch(/\| 2 → 3 \| 🧪 dry-run \|/);
    expect(JSON.parse(result.outputs.result ?? '{}')).toMatchObject({
      previousVersion: '2',
      plannedVersion: '3',
    });
  });
});
