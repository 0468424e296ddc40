// The action in-process (test/support/run-in-process.ts), against the emulator: for each provider publish, already live → unchanged, dry run, a failure, and unpublish
// where the provider has it.
import { describe, expect, it } from 'vitest';
import { DIGA, KEYS, LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, resultError, statusHint } from '../support/outcome.ts';

const { emulator, run, sent, writes } = useInProcess();

describe('Talkover', () => {
  const id = TALKOVER.draftReady;

  it('reports an already published agent as unchanged without writing', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.published });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    // The summary gives the adapter's reason for leaving the agent as it is.
    expect(result.summary).toContain(String(result.result.reason));
  });

  it('lets Talkover decide readiness, and shows what its 422 says is missing, with the readiness hint', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.notReady });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(writes()).toHaveLength(1);
    // The flag read false is a warning, not a refusal; the 422 is the cause, in Talkover's own words.
    expect(result.result.warnings).toHaveLength(1);
    expect(annotations(result.stdout, 'warning')).toHaveLength(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', operation: 'publish', step: 'apply' });
    expect(error.cause).toContain('Agent is not ready to publish');
    expect(error.cause).toContain('voice is not configured');
    expect(error.hint).toBe(statusHint('talkover', 422));
    expect(annotations(result.stdout, 'error')[0]).toContain(error.hint);
    expect(result.summary).toContain(error.hint);
  });

  it('unpublishes a published agent', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.published, operation: 'unpublish' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unpublished');
    expect(sent()[1]).toBe(`POST /talkover/api/v1/agents/${TALKOVER.published}/unpublish`);
    expect(emulator.state.talkover.agents.get(TALKOVER.published)?.current_status).toBe('draft');
  });

  it('explains a 422 at publish time with the readiness hint', async () => {
    emulator.failNext({
      provider: 'talkover',
      method: 'POST',
      status: 422,
      body: { success: false, message: 'Agent is not ready to publish', errors: ['voice is not configured'] },
    });
    const result = await run('talkover', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'apply' });
    expect(error.cause).toContain('voice is not configured');
    expect(error.hint).toBe(statusHint('talkover', 422));
  });

  it('reports unchanged when asked to unpublish a draft agent', async () => {
    const result = await run('talkover', { 'agent-id': id, operation: 'unpublish' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(result.stdout).toContain(String(result.result.reason));
  });

  it('dry-run reads, prints the write with the key redacted, and sends nothing', async () => {
    const result = await run('talkover', { 'agent-id': id, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(sent()).toEqual([`GET /talkover/api/v1/agents/${id}`]);
    expect(result.stdout).toContain(`POST ${emulator.baseUrls.talkover}/api/v1/agents/${id}/publish`);
    expect(result.stdout).toContain('Authorization: Bearer ***');
    expect(result.summary).toContain(`/api/v1/agents/${id}/publish`);
  });
});

describe('Retell', () => {
  const id = RETELL.withDraft;

  it('publishes the newest draft with the default description, then verifies it', async () => {
    const result = await run('retell', { 'agent-id': id });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '2', 'previous-version': '1' });
    const trail = sent();
    const write = trail.indexOf(`POST /retell/publish-agent-version/${id}`);
    const afterWrite = write + 1;
    expect(trail[0]).toBe(`GET /retell/list-agent-versions/${id}?sort_order=descending`);
    // The release diff, read before the write: live version 1 and draft 2 at once, agent then LLM.
    expect(trail.slice(1, write).toSorted()).toEqual(
      [
        `GET /retell/get-agent/${id}?version=1`,
        'GET /retell/get-retell-llm/llm_3c9d1e0f2a4b6c8d0e1f2a3b?version=1',
        `GET /retell/get-agent/${id}?version=2`,
        'GET /retell/get-retell-llm/llm_3c9d1e0f2a4b6c8d0e1f2a3b?version=2',
      ].toSorted(),
    );
    // After the write, verify and where calls go read at once: in either order.
    expect(trail.slice(afterWrite).toSorted()).toEqual(
      [
        `GET /retell/list-agent-versions/${id}?sort_order=descending`,
        // Where calls go: every number of the agent, and what latest_published resolves to on one of them.
        'GET /retell/v2/list-phone-numbers?limit=1000',
        `GET /retell/list-agent-versions/${id}?sort_order=descending`,
      ].toSorted(),
    );
    expect(writes()[0]?.json).toEqual({ version: 2, version_description: 'v1.4.0 (a1b2c3d)' });
    // The summary shows the versions before and after, and the description sent.
    expect(result.summary).toMatch(/\b1\b[^|\n]*\b2\b/);
    expect(result.summary).toContain('v1.4.0 (a1b2c3d)');
  });

  it('publishes a chosen version given as v23', async () => {
    const result = await run('retell', {
      'agent-id': RETELL.manyVersions,
      version: 'v23',
      description: 'Hotfix',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '23', 'previous-version': '22' });
    expect(writes()[0]?.json).toEqual({ version: 23, version_description: 'Hotfix' });
  });

  it('pages through the version list with its pagination_key until it finds an old version', async () => {
    const result = await run('retell', { 'agent-id': RETELL.manyVersions, version: '3' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'unchanged', 'previous-version': '22' });
    // The old version asked for was found: it is what the reason names.
    expect(result.result.reason).toMatch(/\b3\b/);
    const pages = sent();
    expect(pages).toHaveLength(3);
    expect(pages[1]).toMatch(/sort_order=descending&pagination_key=\d+$/);
  });

  it('dry-run lists versions and prints the publish it would send', async () => {
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'dry-run', version: '1' });
    expect(writes()).toEqual([]);
    expect(result.stdout).toContain(
      `POST ${emulator.baseUrls.retell}/publish-agent-version/${RETELL.withDraft}`,
    );
    expect(result.stdout).toContain('"version": 2');
  });

  it('reports unchanged when the newest version is already published', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'unchanged', version: '3', 'previous-version': '3' });
    expect(writes()).toEqual([]);
  });

  it('fails with on-unchanged: fail when there is nothing to publish', async () => {
    const result = await run('retell', { 'agent-id': RETELL.allPublished, 'on-unchanged': 'fail' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('unchanged');
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'unchanged' });
    // The way out names the input to change.
    expect(error.hint).toContain('on-unchanged');
    expect(annotations(result.stdout, 'error')[0]).toContain(error.hint);
  });

  it('fails on an unknown version before writing, listing the newest', async () => {
    const result = await run('retell', { 'agent-id': id, version: '9' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    // The version asked for, and the newest there is.
    expect(error.cause).toMatch(/\b9\b.*\b2\b/);
  });

  it('refuses unpublish before any request', async () => {
    const result = await run('retell', { 'agent-id': id, operation: 'unpublish' });
    expect(result.exitCode).toBe(1);
    expect(sent()).toEqual([]);
    expect(annotations(result.stdout, 'error')).toEqual([expect.stringContaining('"operation"')]);
  });
});

describe('Diga', () => {
  const id = DIGA.withNewVersion;
  const ids = DIGA.withNewVersionIds;

  it('publishes the newest saved version and verifies it', async () => {
    const result = await run('diga', { 'agent-id': id });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      version: '3',
      'version-id': ids[3],
      'previous-version': '2',
    });
    const phones = [
      `GET /diga/v1/phone/?inbound_agent_id=${id}&limit=100&page=1`,
      `GET /diga/v1/phone/?outbound_agent_id=${id}&limit=100&page=1`,
    ];
    const trail = sent();
    const write = trail.indexOf(`PATCH /diga/v1/agent/${id}/published_version`);
    const afterWrite = write + 1;
    expect(trail.slice(0, 3)).toEqual([`GET /diga/v1/agent/${id}/version?limit=100&page=1`, ...phones]);
    // The release diff, read before the write: the published version and the one to publish, at once.
    expect(trail.slice(3, write).toSorted()).toEqual(
      [
        `GET /diga/v1/agent/${id}?is_published=true`,
        `GET /diga/v1/agent/${id}?version_id=${ids[3]}`,
      ].toSorted(),
    );
    // Verify reads the versions and the numbers at once, in either order; where calls go uses the same reads.
    expect(trail.slice(afterWrite).toSorted()).toEqual(
      [`GET /diga/v1/agent/${id}/version?limit=100&page=1`, ...phones].toSorted(),
    );
    // The inbound number bound now is sent again, so that no reading of a left-out field unbinds it.
    expect(writes()[0]?.json).toEqual({ version_id: ids[3], inbound_phone_number_id: DIGA.inboundPhone });
    expect(result.outputs['inbound-phone-number-id']).toBe(DIGA.inboundPhone);
    expect(result.outputs['outbound-phone-number-id']).toBe('');
  });

  it('resolves a version number to its UUID and binds phone numbers', async () => {
    const result = await run('diga', {
      'agent-id': id,
      version: 'v1',
      'inbound-phone-number-id': DIGA.inboundPhone,
      'outbound-phone-number-id': DIGA.outboundPhone,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ version: '1', 'version-id': ids[1] });
    expect(writes()[0]?.json).toEqual({
      version_id: ids[1],
      inbound_phone_number_id: DIGA.inboundPhone,
      outbound_phone_number_id: DIGA.outboundPhone,
    });
  });

  it('reports unchanged when the newest version is already published', async () => {
    const result = await run('diga', { 'agent-id': DIGA.upToDate });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'unchanged', version: '1' });
    expect(writes()).toEqual([]);
  });

  it('unpublishes with an explicit null version_id', async () => {
    const result = await run('diga', { 'agent-id': id, operation: 'unpublish' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'unpublished', version: '', 'previous-version': '2' });
    expect(writes()[0]?.json).toEqual({ version_id: null });
  });

  it('fails on a version that is not among the saved ones, listing them', async () => {
    const result = await run('diga', { 'agent-id': id, version: '7' });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Diga', step: 'plan' });
    // The version asked for, then the saved ones, newest first.
    expect(error.cause).toMatch(/7\D+3\D+2\D+1\D*$/);
  });

  it('dry-run lists versions and sends nothing', async () => {
    const result = await run('diga', { 'agent-id': DIGA.manyVersions, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'dry-run', version: '14' });
    expect(writes()).toEqual([]);
    expect(result.result.plannedVersion).toBe('15');
  });

  it('reads every page of a version list longer than one page', async () => {
    const long = DIGA.longHistory;
    const result = await run('diga', { 'agent-id': long });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '130', 'previous-version': '3' });
    const list = (page: number) => `GET /diga/v1/agent/${long}/version?limit=100&page=${page}`;
    expect(sent().filter((line) => !line.includes('/v1/phone/') && !line.includes(`${long}?`))).toEqual([
      list(1),
      list(2),
      `PATCH /diga/v1/agent/${long}/published_version`,
      // Read back once: where calls go uses the same read.
      list(1),
      list(2),
    ]);
  });

  it('reports unchanged when asked to unpublish an agent with nothing published', async () => {
    const agent = emulator.state.diga.agents.get(id);
    if (agent === undefined) throw new Error('the seed has this agent');
    agent.published_version_id = null;
    const result = await run('diga', { 'agent-id': id, operation: 'unpublish' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(annotations(result.stdout, 'notice')).toEqual([expect.stringContaining(id)]);
  });

  it('ignores phone ids on unpublish with a warning', async () => {
    const result = await run('diga', {
      'agent-id': id,
      operation: 'unpublish',
      'inbound-phone-number-id': DIGA.inboundPhone,
    });
    expect(result.exitCode).toBe(0);
    expect(writes()[0]?.json).toEqual({ version_id: null });
    expect(annotations(result.stdout, 'warning')).toEqual([
      expect.stringContaining('"inbound-phone-number-id"'),
    ]);
  });

  it('explains a 400 from the provider with its code and the Diga hint', async () => {
    emulator.failNext({
      provider: 'diga',
      method: 'PATCH',
      status: 400,
      body: {
        status: 'error',
        error_code: 'BAD_PARAMETER',
        message: 'Invalid phone number configuration or version',
      },
    });
    const result = await run('diga', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Diga', step: 'apply' });
    // Diga's code and message are in the cause, and the hint is Diga's for a 400.
    expect(error.cause).toContain('BAD_PARAMETER');
    expect(error.cause).toContain('Invalid phone number configuration or version');
    expect(error.hint).toBe(statusHint('diga', 400));
    expect(result.outputs['previous-version']).toBe('2');
  });
});

describe('Langdock', () => {
  const id = LANGDOCK.withChanges;

  it('publishes the draft through a deployment path prefix and reports the new version', async () => {
    const result = await run('langdock', { 'agent-id': id, description: 'Tightened the system prompt' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'published',
      version: '4',
      'agent-name': expect.any(String) as string,
    });
    expect(result.outputs['version-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent()).toEqual([
      `GET /langdock/api/public/agent/v1/get?agentId=${id}`,
      'POST /langdock/api/public/agent/v1/publish',
      `GET /langdock/api/public/agent/v1/get?agentId=${id}`,
    ]);
    expect(writes()[0]?.json).toEqual({ agentId: id, description: 'Tightened the system prompt' });
    expect(result.result.response).toMatchObject({ status: 'success', version: { version: 4 } });
  });

  it('treats 409 as nothing to publish: unchanged, never retried', async () => {
    const result = await run('langdock', { 'agent-id': LANGDOCK.noChanges });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'unchanged', version: '', 'published-at': '' });
    expect(writes()).toHaveLength(1);
    expect(result.summary).toContain(String(result.result.reason));
  });

  it('fails on 409 with on-unchanged: fail', async () => {
    const result = await run('langdock', { 'agent-id': LANGDOCK.noChanges, 'on-unchanged': 'fail' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('unchanged');
    expect(resultError(result)).toMatchObject({ provider: 'Langdock', step: 'unchanged' });
  });

  it('explains a 403 on a project with the scope and access hint', async () => {
    const result = await run('langdock', { 'agent-id': LANGDOCK.project });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Langdock', step: 'apply' });
    expect(error.cause).toMatch(/\b403\b/);
    expect(error.hint).toBe(statusHint('langdock', 403));
  });

  it('dry-run reads the agent and prints the body it would send', async () => {
    const result = await run('langdock', { 'agent-id': id, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(writes()).toEqual([]);
    expect(result.stdout).toContain(`"agentId": "${id}"`);
  });
});

describe('the whole action', () => {
  it('redacts a key the provider echoes back in an error', async () => {
    emulator.failNext({ provider: 'retell', status: 400, body: { message: `bad key ${KEYS.retell}` } });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('bad key ***');
  });

  it('warns about ignored inputs', async () => {
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges, version: '5' });
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout, 'warning')).toEqual([expect.stringContaining('"version"')]);
  });

  it('skips the read-back when verify is false', async () => {
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, verify: 'false' });
    expect(result.exitCode).toBe(0);
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('verify catches a provider that did not apply the change', () => {
  it('Talkover still draft after publish', async () => {
    const id = TALKOVER.draftReady;
    emulator.failNext({
      provider: 'talkover',
      method: 'POST',
      status: 200,
      body: { success: true, data: { id, current_status: 'published' } },
    });
    const result = await run('talkover', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'verify' });
    expect(error.cause).toContain('"draft"');
  });

  it('Retell version not published after the write', async () => {
    emulator.failNext({ provider: 'retell', method: 'POST', status: 200 });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'verify' });
    expect(error.cause).toMatch(/\b2\b/);
  });

  it('Diga published version differs', async () => {
    const id = DIGA.withNewVersion;
    emulator.failNext({
      provider: 'diga',
      method: 'PATCH',
      status: 200,
      body: { agent_id: id, published_version_id: DIGA.withNewVersionIds[3] },
    });
    const result = await run('diga', { 'agent-id': id });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Diga', step: 'verify' });
    // What Diga reports as published now: version 2, not the 3 the step asked for.
    expect(error.cause.replace(id, '')).toMatch(/(?<!\d)2(?!\d)/);
  });

  it('Langdock agent unreadable after publish', async () => {
    emulator.failNext({
      provider: 'langdock',
      method: 'GET',
      status: 200,
      body: { status: 'success', agent: { id: LANGDOCK.withChanges } },
    });
    emulator.failNext({
      provider: 'langdock',
      method: 'GET',
      status: 404,
      body: { message: 'Agent not found' },
    });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(1);
    // The write said 4, but the read-back failed: what is live is unknown, so it is not guessed.
    expect(result.outputs).toMatchObject({ status: 'failed', version: '', 'version-id': '' });
    expect(resultError(result)).toMatchObject({ provider: 'Langdock', step: 'verify' });
  });
});

describe('a write that succeeded is not failed over its response body', () => {
  it('Langdock 200 without the version: published, with a warning', async () => {
    emulator.failNext({ provider: 'langdock', method: 'POST', status: 200, body: { status: 'success' } });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '' });
    expect(annotations(result.stdout, 'warning')).toHaveLength(1);
  });

  it('Diga 200 with only agent_id: published, left to verify', async () => {
    emulator.failNext({
      provider: 'diga',
      method: 'PATCH',
      status: 200,
      body: { agent_id: DIGA.withNewVersion },
    });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion, verify: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', version: '3' });
  });

  it('Talkover 200 without data: published', async () => {
    emulator.failNext({ provider: 'talkover', method: 'POST', status: 200, body: { success: true } });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, verify: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
  });
});

describe('reporting', () => {
  it('sets status and result outputs when an input is bad', async () => {
    const result = await run('retell', { 'agent-id': 'agent_1', 'timeout-seconds': 'forever' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(result.result).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('timeout-seconds') as string },
    });
  });

  it('redacts the key from a relative redirect Location', async () => {
    emulator.failNext({
      provider: 'retell',
      status: 302,
      headers: { location: `/login?token=${KEYS.retell}` },
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Retell', step: 'plan' });
    expect(error.cause).toContain('/login?token=***');
  });
});
