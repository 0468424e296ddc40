// The action in-process against a provider whose answer to a write is lost (reset, 5xx, a hang): the
// write is read again before any re-send, and never sent twice blindly. Apart from faults.test.ts so
// that their waits (the action's backoff and settle time) overlap in two workers.
import { describe, expect, it } from 'vitest';
import { DIGA, LANGDOCK, LANGDOCK_LATEST_VERSION, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';

const { emulator, run, writes } = useInProcess();

/** Attempts at one provider path: how many times the action sent it. */
function attempts(method: string, path: string | RegExp): number {
  return emulator.requests.filter(
    (request) =>
      request.method === method &&
      (typeof path === 'string' ? request.path === path : path.test(request.path)),
  ).length;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const TALKOVER_AGENT = `/api/v1/agents/${TALKOVER.draftReady}`;
const RETELL_LIST = `/list-agent-versions/${RETELL.withDraft}`;
const RETELL_PUBLISH = `/publish-agent-version/${RETELL.withDraft}`;

function retellVersion(number: number) {
  return emulator.state.retell.agents.get(RETELL.withDraft)?.versions.find((v) => v.version === number);
}

function langdockVersions(): number[] {
  return emulator.state.langdock.agents.get(LANGDOCK.withChanges)?.versions.map((v) => v.version) ?? [];
}

describe('a write whose outcome is unknown is never sent twice blindly', () => {
  it('Retell: the response to the publish is lost; reading again shows it went through', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'POST', disruption: 'lost-response' });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.outputs.version).toBe('2');
    expect(attempts('POST', RETELL_PUBLISH)).toBe(1);
    expect(retellVersion(2)?.is_published).toBe(true);
    expect(result.stdout).toContain('The write may have reached the provider before it failed.');
    expect(result.stdout).toContain('the first try went through');
    expect(result.result.reason).toMatch(/^the first try went through/);
  });

  it('Langdock: the publish is re-sent after the re-read and its 409 confirms the first try', async () => {
    emulator.disruptNext({ provider: 'langdock', method: 'POST', disruption: 'lost-response' });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(writes()).toHaveLength(2);
    // Exactly one new version.
    expect(langdockVersions().at(-1)).toBe(LANGDOCK_LATEST_VERSION.withChanges + 1);
    expect(langdockVersions().filter((v) => v > LANGDOCK_LATEST_VERSION.withChanges)).toHaveLength(1);
    expect(result.stdout).toContain('the first try went through (the retry found the draft has no changes');
  });

  it('Talkover: a state-setting publish is simply sent again', async () => {
    emulator.disruptNext({ provider: 'talkover', method: 'POST', disruption: 'lost-response' });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(attempts('POST', `${TALKOVER_AGENT}/publish`)).toBe(2);
  });

  it('Diga: the PATCH that sets the published version is simply sent again', async () => {
    emulator.disruptNext({ provider: 'diga', method: 'PATCH', disruption: 'lost-response' });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(writes()).toHaveLength(2);
  });

  it('Retell: a publish whose connection was reset is re-read, then sent again as the draft is unchanged', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'POST', disruption: 'reset' });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
    expect(retellVersion(2)?.is_published).toBe(true);
  });

  it('Retell: a publish answered 500 is re-read, then re-sent once the draft is still a draft', async () => {
    emulator.failNext({ provider: 'retell', method: 'POST', status: 500, body: { message: 'boom' } });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // plan, re-read, verify, where calls go (a number follows latest_published)
    expect(attempts('GET', RETELL_LIST)).toBe(4);
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
  });

  it('Langdock: a publish that hangs is re-sent after the re-read, and publishes once', async () => {
    emulator.disruptNext({ provider: 'langdock', method: 'POST', disruption: 'hang' });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges, 'timeout-seconds': '1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.version).toBe(String(LANGDOCK_LATEST_VERSION.withChanges + 1));
    expect(writes()).toHaveLength(2);
  });

  it('Retell: the re-read asks whether the planned version was published, so a newer draft changes nothing', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'POST', disruption: 'hang' });
    const running = run('retell', { 'agent-id': RETELL.withDraft, 'timeout-seconds': '1' });
    // While the publish of version 2 hangs, someone saves a new draft, version 3.
    await until(() => attempts('POST', RETELL_PUBLISH) === 1);
    emulator.state.retell.agents.get(RETELL.withDraft)?.versions.push({
      version: 3,
      is_published: false,
      last_modification_timestamp: Date.now(),
    });
    const result = await running;
    // Version 2 was not published by the hung try, so the planned publish of 2 is sent again; 3 is left alone.
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '2' });
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
    const published = emulator.requests.filter((r) => r.method === 'POST').map((r) => r.json);
    expect(published).toMatchObject([{ version: 2 }, { version: 2 }]);
    expect(retellVersion(2)?.is_published).toBe(true);
    expect(retellVersion(3)?.is_published).toBe(false);
  });

  it('Retell: a re-sent publish refused as already published is read again and counts as done', async () => {
    // The first try fails with a 500 without publishing; while the re-sent one is refused, the
    // provider shows the version published (the first try landed late).
    emulator.failNext({ provider: 'retell', method: 'POST', status: 500, body: { message: 'boom' } });
    emulator.failNext({
      provider: 'retell',
      method: 'POST',
      status: 400,
      body: { status: 'error', message: 'Version 2 is already published' },
    });
    const running = run('retell', { 'agent-id': RETELL.withDraft });
    await until(() => attempts('POST', RETELL_PUBLISH) === 2);
    const version = retellVersion(2);
    if (version !== undefined) version.is_published = true;
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
    expect(result.result.reason).toMatch(/^the first try went through/);
  });

  it('gives up after max-retries with a message that the write may have gone through', async () => {
    emulator.failNext({ provider: 'retell', method: 'POST', status: 503, times: 5 });
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'max-retries': '1' });
    expect(result.exitCode).toBe(1);
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
    expect(result.outputs.version).toBe('');
    expect(result.stdout).toContain('answered HTTP 503');
    expect(result.stdout).toContain('The write may have reached the provider before it failed.');
    expect(result.stdout).toContain('Fix: Re-run the job: the action reads the live state first');
  });
});
