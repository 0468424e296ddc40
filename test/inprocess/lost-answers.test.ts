// The action in-process against a provider whose answer to a write is lost (reset, 5xx, a hang): the
// write is read again before any re-send, and never sent twice blindly. The step's clock is virtual
// (test/support/virtual-clock.ts): the settle time is asked for, not waited.
import { describe, expect, it } from 'vitest';
import { DIGA, KEYS, LANGDOCK, LANGDOCK_LATEST_VERSION, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { virtualClock, type VirtualClock } from '../support/virtual-clock.ts';
import { doubts } from '../support/outcome.ts';

const { emulator, run, writes, attempts } = useInProcess();

const TALKOVER_AGENT = `/api/v1/agents/${TALKOVER.draftReady}`;
const RETELL_LIST = `/list-agent-versions/${RETELL.withDraft}`;
const RETELL_PUBLISH = `/publish-agent-version/${RETELL.withDraft}`;

/** The Retell agent with a draft, in a run given its own clock (what `run` adds, and the agent). */
function retellRun(clock: VirtualClock) {
  const inputs = { provider: 'retell', 'api-key': KEYS.retell, 'base-url': emulator.baseUrls.retell };
  return runInProcess({ ...inputs, 'agent-id': RETELL.withDraft }, {}, clock);
}

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
    // The doubt is a warning on the step, and the one write sent is the one that landed.
    expect(doubts(result, `POST ${RETELL_PUBLISH}`)).toHaveLength(1);
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
    emulator.disruptNext({ provider: 'retell', method: 'POST', disruption: 'reset' });
    // While the action waits after the lost publish of version 2, someone saves a new draft, version 3.
    const clock = virtualClock((wait) => {
      if (wait !== 0) return;
      emulator.state.retell.agents.get(RETELL.withDraft)?.versions.push({
        version: 3,
        is_published: false,
        last_modification_timestamp: Date.now(),
      });
    });
    const result = await retellRun(clock);
    // Version 2 was not published by the lost try, so the planned publish of 2 is sent again; 3 is left alone.
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
    // The second wait is the settle time after the refused re-send.
    const clock = virtualClock((wait) => {
      const version = retellVersion(2);
      if (wait === 1 && version !== undefined) version.is_published = true;
    });
    const result = await retellRun(clock);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
  });

  it('gives up after max-retries with a message that the write may have gone through', async () => {
    emulator.failNext({ provider: 'retell', method: 'POST', status: 503, times: 5 });
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'max-retries': '1' });
    expect(result.exitCode).toBe(1);
    expect(attempts('POST', RETELL_PUBLISH)).toBe(2);
    expect(result.outputs.version).toBe('');
    expect(result.result).toMatchObject({
      status: 'failed',
      error: { provider: 'Retell', operation: 'publish', step: 'apply' },
    });
  });
});
