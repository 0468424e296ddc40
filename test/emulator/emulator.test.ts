import { describe, it, expect } from 'vitest';
import { useEmulator } from '../support/use-emulator.ts';
import {
  DIGA,
  DIGA_VERSION_IDS,
  KEYS,
  LANGDOCK,
  RETELL,
  RETELL_TAG,
  TALKOVER,
  TALKOVER_NAMES,
} from './seed.ts';
import { validateResponse } from '../support/openapi.ts';
import type { ProviderName } from './seed.ts';
import { startEmulator } from './server.ts';

interface CallOptions {
  body?: unknown;
  /** null sends no Authorization header */
  key?: string | null;
}

interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

const emulator = useEmulator();

async function call(
  provider: ProviderName,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? KEYS[provider] : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(emulator.baseUrls[provider] + path, { method, headers, ...(body ? { body } : {}) });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.startsWith('application/json') ?? false;
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: isJson ? (JSON.parse(text) as unknown) : undefined,
  };
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('talkover', () => {
  const agentPath = (id: string, action = '') => `/api/v1/agents/${id}${action}`;

  it('publishes a ready draft and unpublishes it again', async () => {
    const before = await call('talkover', 'GET', agentPath(TALKOVER.draftReady));
    expect(before.json).toMatchObject({
      success: true,
      data: { name: TALKOVER_NAMES.draftReady, current_status: 'draft', is_ready_to_publish: true },
    });

    const published = await call('talkover', 'POST', agentPath(TALKOVER.draftReady, '/publish'));
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({
      success: true,
      message: 'Agent published successfully',
      data: {
        id: TALKOVER.draftReady,
        name: 'SupportBot',
        current_status: 'published',
        is_ready_to_publish: true,
      },
    });
    expect(emulator.state.talkover.agents.get(TALKOVER.draftReady)?.current_status).toBe('published');

    const unpublished = await call('talkover', 'POST', agentPath(TALKOVER.draftReady, '/unpublish'));
    expect(unpublished.json).toMatchObject({
      message: 'Agent unpublished successfully',
      data: { current_status: 'draft' },
    });
  });

  it('answers 401, 404 and the not-ready 422 in Talkover shapes', async () => {
    expect((await call('talkover', 'GET', agentPath(TALKOVER.published), { key: null })).json).toEqual({
      message: 'Unauthenticated.',
    });
    expect((await call('talkover', 'GET', agentPath(TALKOVER.published), { key: 'talq_wrong' })).status).toBe(
      401,
    );

    const missing = await call(
      'talkover',
      'POST',
      agentPath('00000000-0000-4000-8000-000000000000', '/publish'),
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      success: false,
      error: { code: 'AGENT_NOT_FOUND', message: 'Agent not found', details: {} },
    });

    const notReady = await call('talkover', 'POST', agentPath(TALKOVER.notReady, '/publish'));
    expect(notReady.status).toBe(422);
    expect(notReady.json).toEqual({
      success: false,
      message: 'Agent is not ready to publish',
      errors: ['voice is not configured'],
    });
  });

  it('lets a test make an agent not ready through the state', async () => {
    must(emulator.state.talkover.agents.get(TALKOVER.draftReady)).is_ready_to_publish = false;
    expect((await call('talkover', 'POST', agentPath(TALKOVER.draftReady, '/publish'))).status).toBe(422);
  });
});

describe('retell', () => {
  it('publishes a draft in place with an empty 200 body, then refuses to publish it again', async () => {
    const published = await call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, {
      body: { version: 2, version_description: 'Hotfix', version_title: 'Fix' },
    });
    expect(published.status).toBe(200);
    expect(published.text).toBe('');
    expect(published.headers.get('content-type')).toBeNull();

    const agent = await call('retell', 'GET', `/get-agent/${RETELL.withDraft}?version=2`);
    expect(agent.json).toMatchObject({
      agent_id: RETELL.withDraft,
      version: 2,
      is_published: true,
      version_title: 'Fix',
      version_description: 'Hotfix',
      agent_name: 'Front Desk',
    });

    const again = await call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, {
      body: { version: 2 },
    });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ status: 'error', message: 'Version 2 is already published' });
  });

  it('rejects malformed publish bodies with 400 and unknown agents or versions with 404', async () => {
    for (const body of ['{}', '{"version":-1}', '{"version":1.5}', '{"version":"2"}', 'not json']) {
      const res = await call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, { body });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        status: 'error',
        message: 'Invalid request format, please check API reference.',
      });
    }
    const notFound = { status: 'error', message: 'The requested resource was not found.' };
    expect(
      (await call('retell', 'POST', '/publish-agent-version/agent_nope', { body: { version: 0 } })).json,
    ).toEqual(notFound);
    const unknownVersion = await call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, {
      body: { version: 9 },
    });
    expect(unknownVersion.status).toBe(404);
    expect((await call('retell', 'GET', `/get-agent/${RETELL.withDraft}?version=9`)).status).toBe(404);
  });

  it('answers 401 in the Retell shape', async () => {
    const res = await call('retell', 'GET', `/list-agent-versions/${RETELL.withDraft}`, { key: 'key_wrong' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ status: 'error', message: 'API key is missing or invalid.' });
  });

  it('returns the latest version, a draft, from get-agent without a version', async () => {
    const res = await call('retell', 'GET', `/get-agent/${RETELL.manyVersions}`);
    expect(res.json).toMatchObject({ version: 24, is_published: false, base_version: 22 });
  });

  it('pages list-agent-versions with limit, sort_order and pagination_key', async () => {
    const seen: number[] = [];
    let key: string | undefined;
    let pages = 0;
    do {
      const query = `limit=10&sort_order=descending${key ? `&pagination_key=${key}` : ''}`;
      const page = (await call('retell', 'GET', `/list-agent-versions/${RETELL.manyVersions}?${query}`))
        .json as {
        items: { version: number }[];
        has_more: boolean;
        pagination_key?: string;
      };
      seen.push(...page.items.map((item) => item.version));
      key = page.has_more ? page.pagination_key : undefined;
      pages++;
    } while (key !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));

    const ascending = await call(
      'retell',
      'GET',
      `/list-agent-versions/${RETELL.withDraft}?sort_order=ascending`,
    );
    expect(ascending.json).toMatchObject({
      items: [{ version: 0 }, { version: 1 }, { version: 2 }],
      has_more: false,
    });
    expect(ascending.json).not.toHaveProperty('pagination_key');

    for (const query of ['limit=0', 'limit=ten', 'sort_order=sideways', 'pagination_key=abc']) {
      expect(
        (await call('retell', 'GET', `/list-agent-versions/${RETELL.manyVersions}?${query}`)).status,
      ).toBe(400);
    }
  });
});

describe('diga', () => {
  const ids = DIGA.withNewVersionIds;
  const publishPath = `/v1/agent/${DIGA.withNewVersion}/published_version`;

  it('publishes a version with a phone binding and reads it back', async () => {
    const res = await call('diga', 'PATCH', publishPath, {
      body: { version_id: ids[3], outbound_phone_number_id: DIGA.outboundPhone },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      agent_id: DIGA.withNewVersion,
      published_version_id: ids[3],
      outbound_phone_number_id: DIGA.outboundPhone,
      inbound_phone_number_id: DIGA.inboundPhone,
    });
    const published = await call('diga', 'GET', `/v1/agent/${DIGA.withNewVersion}?is_published=true`);
    expect(published.json).toMatchObject({
      version_id: ids[3],
      version_number: 3,
      version_name: 'v3',
      is_published: true,
    });

    const draft = await call('diga', 'GET', `/v1/agent/${DIGA.withNewVersion}`);
    expect(draft.json).toMatchObject({
      version_id: ids.draft,
      version_number: null,
      is_draft: true,
      is_published: false,
    });
  });

  it('unpublishes with version_id null, then has no published version', async () => {
    const res = await call('diga', 'PATCH', publishPath, { body: { version_id: null } });
    expect(res.json).toMatchObject({ published_version_id: null });
    const published = await call('diga', 'GET', `/v1/agent/${DIGA.withNewVersion}?is_published=true`);
    expect(published.status).toBe(404);
    expect(published.json).toEqual({
      status: 'error',
      error_code: 'VERSION_NOT_FOUND',
      message: `Agent ${DIGA.withNewVersion} has no published version`,
    });
  });

  it('answers a malformed uuid with a FastAPI 422', async () => {
    const res = await call('diga', 'PATCH', '/v1/agent/not-a-uuid/published_version', {
      body: { version_id: 'v3' },
    });
    expect(res.status).toBe(422);
    const { detail } = res.json as { detail: { loc: unknown[]; type: string; msg: string }[] };
    expect(detail.map((d) => d.loc)).toEqual([
      ['path', 'agent_id'],
      ['body', 'version_id'],
    ]);
    expect(detail[0]?.type).toBe('uuid_parsing');
    expect(detail[0]?.msg).toMatch(/^Input should be a valid UUID/);
    expect((await call('diga', 'PATCH', publishPath, { body: '[1]' })).status).toBe(422);
  });

  it('answers BAD_PARAMETER, AGENT_NOT_FOUND and UNAUTHORIZED', async () => {
    const badParameter = {
      status: 'error',
      error_code: 'BAD_PARAMETER',
      message: 'Invalid phone number configuration or version',
    };
    for (const body of [
      { version_id: ids.draft },
      { version_id: '00000000-0000-4000-8000-000000000000' },
      { version_id: ids[3], inbound_phone_number_id: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const res = await call('diga', 'PATCH', publishPath, { body });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(badParameter);
    }
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect((await call('diga', 'GET', `/v1/agent/${unknown}`)).json).toEqual({
      status: 'error',
      error_code: 'AGENT_NOT_FOUND',
      message: `Agent ${unknown} not found`,
    });
    expect((await call('diga', 'GET', `/v1/agent/${DIGA.upToDate}`, { key: null })).json).toEqual({
      status: 'error',
      error_code: 'UNAUTHORIZED',
      message: 'Invalid or missing API key',
    });
  });

  it('pages the version list, the draft counted as newest', async () => {
    type Page = {
      data: { version_number: number | null }[];
      has_more: boolean;
      last_id: string;
      current_page: number;
      total_pages: number;
    };
    const list = async (query: string) =>
      (await call('diga', 'GET', `/v1/agent/${DIGA.manyVersions}/version?${query}`)).json as Page;

    const first = await list('limit=10&order=desc');
    expect(first.data.map((v) => v.version_number)).toEqual([null, 15, 14, 13, 12, 11, 10, 9, 8, 7]);
    expect(first).toMatchObject({ has_more: true, current_page: 1, total_pages: 2 });
    const second = await list('limit=10&order=desc&page=2');
    expect(second.data.map((v) => v.version_number)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(second.has_more).toBe(false);
    const afterCursor = await list(`limit=3&order=desc&after=${first.last_id}`);
    expect(afterCursor.data.map((v) => v.version_number)).toEqual([6, 5, 4]);
    expect((await list('limit=2&order=asc')).data.map((v) => v.version_number)).toEqual([1, 2]);
    expect(DIGA_VERSION_IDS.manyVersions[7]).toBe(first.last_id);

    for (const query of ['limit=0', 'limit=101', 'page=0', 'order=newest']) {
      expect((await call('diga', 'GET', `/v1/agent/${DIGA.manyVersions}/version?${query}`)).status).toBe(422);
    }
  });
});

describe('langdock', () => {
  it('publishes a changed draft as the next version, then answers 409', async () => {
    const res = await call('langdock', 'POST', '/agent/v1/publish', {
      body: { agentId: LANGDOCK.withChanges, description: 'Tightened the prompt' },
    });
    expect(res.status).toBe(200);
    const { version, ...rest } = res.json as { version: { id: string; version: number; createdAt: string } };
    expect(rest).toEqual({ status: 'success', message: 'Agent published successfully' });
    expect(version.version).toBe(4);
    expect(version.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Date.parse(version.createdAt) - Date.now())).toBeLessThan(60_000);
    const again = await call('langdock', 'POST', '/agent/v1/publish', {
      body: { agentId: LANGDOCK.withChanges },
    });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ status: 'error', message: 'No draft changes to publish' });
  });

  it('publishes an unchanged agent once a test marks its draft changed', async () => {
    const publish = () =>
      call('langdock', 'POST', '/agent/v1/publish', { body: { agentId: LANGDOCK.noChanges } });
    expect((await publish()).status).toBe(409);
    must(emulator.state.langdock.agents.get(LANGDOCK.noChanges)).draftChanged = true;
    const res = await publish();
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: { version: 3 } });
  });

  it('answers 400, 401, 403 and 404', async () => {
    const post = (body: unknown, key?: string | null) =>
      call('langdock', 'POST', '/agent/v1/publish', key === undefined ? { body } : { body, key });
    expect((await post('nope')).status).toBe(400);
    expect((await post({ agentId: 'abc' })).status).toBe(400);
    expect((await post({ agentId: LANGDOCK.withChanges, description: 'x'.repeat(101) })).status).toBe(400);
    expect((await post({ agentId: LANGDOCK.withChanges }, null)).json).toEqual({
      status: 'error',
      message: 'Invalid or missing API key',
    });
    expect((await post({ agentId: LANGDOCK.project })).json).toEqual({
      status: 'error',
      message: 'Projects are not supported',
    });
    expect((await post({ agentId: '11111111-2222-4333-8444-555555555555' })).status).toBe(404);
  });

  it('reads an agent by agentId', async () => {
    const res = await call('langdock', 'GET', `/agent/v1/get?agentId=${LANGDOCK.withChanges}`);
    expect(res.json).toEqual({
      status: 'success',
      agent: {
        id: LANGDOCK.withChanges,
        name: 'HR Helper',
        description: 'Answers HR questions',
        instruction: 'You are a helpful HR assistant.',
        model: 'gpt-4o',
      },
    });
    expect((await call('langdock', 'GET', '/agent/v1/get')).status).toBe(400);
    expect((await call('langdock', 'GET', '/agent/v1/get?agentId=xyz')).status).toBe(400);
  });

  it('serves only under the dedicated-deployment prefix', async () => {
    const res = await fetch(new URL('/agent/v1/publish', emulator.baseUrls.langdock), { method: 'POST' });
    expect(res.status).toBe(404);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('emulator', () => {
  it('records every request, errors included', async () => {
    await call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}?trace=1`, {
      body: { version: 2 },
    });
    await call('talkover', 'GET', '/api/v1/nowhere', { key: null });
    expect(emulator.requests).toHaveLength(2);
    const [recorded, ...others] = emulator.requestsFor('retell');
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({
      provider: 'retell',
      method: 'POST',
      path: `/publish-agent-version/${RETELL.withDraft}`,
      rawPath: `/retell/publish-agent-version/${RETELL.withDraft}?trace=1`,
      query: { trace: '1' },
      headers: { authorization: `Bearer ${KEYS.retell}`, 'content-type': 'application/json' },
      body: '{"version":2}',
      json: { version: 2 },
    });
    expect(emulator.requestsFor('talkover')[0]).toMatchObject({ path: '/api/v1/nowhere', body: '' });
    expect(emulator.requestsFor('talkover')[0]).not.toHaveProperty('json');
  });

  it('failNext answers matching requests with a canned response, leaving state alone', async () => {
    emulator.failNext({
      provider: 'retell',
      method: 'post',
      path: /^\/publish-agent-version\//,
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'Content-Type': 'text/html', 'Retry-After': '1' },
    });
    emulator.failNext({
      provider: 'langdock',
      times: 2,
      status: 429,
      body: { status: 'error', message: 'Slow down' },
    });

    const publish = () =>
      call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, { body: { version: 2 } });
    const failed = await publish();
    expect([
      failed.status,
      failed.text,
      failed.headers.get('content-type'),
      failed.headers.get('retry-after'),
    ]).toEqual([502, '<html>Bad Gateway</html>', 'text/html', '1']);
    expect(emulator.state.retell.agents.get(RETELL.withDraft)?.versions[2]?.is_published).toBe(false);
    expect((await publish()).status).toBe(200);

    const read = () => call('langdock', 'GET', `/agent/v1/get?agentId=${LANGDOCK.noChanges}`);
    expect([(await read()).status, (await read()).status, (await read()).status]).toEqual([429, 429, 200]);
    expect(emulator.requests).toHaveLength(5);
  });

  it('reset restores the seed and clears requests and rules', async () => {
    await call('talkover', 'POST', `/api/v1/agents/${TALKOVER.published}/unpublish`);
    emulator.failNext({ status: 500 });
    emulator.reset();
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.state.talkover.agents.get(TALKOVER.published)?.current_status).toBe('published');
    expect((await call('talkover', 'GET', `/api/v1/agents/${TALKOVER.published}`)).status).toBe(200);
  });

  it('serves the control endpoints without recording them', async () => {
    await call('diga', 'GET', `/v1/agent/${DIGA.upToDate}`);
    const listed = (await (await fetch(`${emulator.origin}/_emulator/requests`)).json()) as unknown[];
    expect(listed).toEqual(JSON.parse(JSON.stringify(emulator.requests)));
    expect(listed).toHaveLength(1);

    must(emulator.state.langdock.agents.get(LANGDOCK.noChanges)).draftChanged = true;
    const reset = await fetch(`${emulator.origin}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.state.langdock.agents.get(LANGDOCK.noChanges)?.draftChanged).toBe(false);
  });

  it('delays responses by latencyMs, and close() resolves even with a response pending', async () => {
    const slow = await startEmulator({ latencyMs: 60 });
    const started = performance.now();
    const first = await fetch(`${slow.baseUrls.talkover}/api/v1/agents/${TALKOVER.published}`);
    expect(first.status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);

    const pending = fetch(`${slow.baseUrls.diga}/v1/agent/${DIGA.upToDate}`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(slow.close()).resolves.toBeUndefined();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('counts the most requests in progress at once, per provider and in all, until a reset', async () => {
    // Long enough that the three requests sent together are all still waiting when the last arrives.
    const slow = await startEmulator({ latencyMs: 300 });
    try {
      const get = (provider: ProviderName, path: string) =>
        fetch(slow.baseUrls[provider] + path, { headers: { authorization: `Bearer ${KEYS[provider]}` } });
      await Promise.all([
        get('retell', `/list-agent-versions/${RETELL.withDraft}`),
        get('retell', `/list-agent-versions/${RETELL.allPublished}`),
        get('diga', `/v1/agent/${DIGA.upToDate}`),
      ]);
      expect([slow.peakInFlight('retell'), slow.peakInFlight('diga'), slow.peakInFlight()]).toEqual([
        2, 1, 3,
      ]);
      await get('diga', `/v1/agent/${DIGA.upToDate}`);
      expect(slow.peakInFlight()).toBe(3);
      slow.reset();
      expect(slow.peakInFlight()).toBe(0);
    } finally {
      await slow.close();
    }
  });
});

describe('readings', () => {
  it('start at the defaults, change per instance and through the control API, and reset to the instance', async () => {
    expect(emulator.readings.digaOmittedPhone).toBe('keeps-binding');
    const set = await fetch(`${emulator.origin}/_emulator/readings`, {
      method: 'POST',
      body: JSON.stringify({ digaBadKey: 403 }),
    });
    expect(set.status).toBe(200);
    expect(emulator.readings.digaBadKey).toBe(403);
    expect((await call('diga', 'GET', `/v1/agent/${DIGA.withNewVersion}`, { key: 'wrong' })).status).toBe(
      403,
    );
    emulator.reset();
    expect(emulator.readings.digaBadKey).toBe(401);

    const own = await startEmulator({ readings: { langdockUnknownAgent: 400 } });
    own.setReadings({ retellLock: 'once' });
    own.reset();
    expect(own.readings).toMatchObject({ langdockUnknownAgent: 400, retellLock: 'never' });
    await own.close();
  });

  it('refuse an unknown reading or value, through the API as well', async () => {
    expect(() => {
      emulator.setReadings({ digaPaging: 'sometimes' } as never);
    }).toThrow('reading digaPaging cannot be "sometimes"');
    const refused = await fetch(`${emulator.origin}/_emulator/readings`, {
      method: 'POST',
      body: JSON.stringify({ nosuch: true }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: 'unknown reading nosuch' });
  });

  it('Diga: a left-out phone field unbinds the number in the other reading', async () => {
    const patch = (body: object) =>
      call('diga', 'PATCH', `/v1/agent/${DIGA.withNewVersion}/published_version`, { body });
    const version = DIGA_VERSION_IDS.withNewVersion[3];
    expect(
      ((await patch({ version_id: version })).json as Record<string, unknown>).inbound_phone_number_id,
    ).toBe(DIGA.inboundPhone);
    emulator.setReadings({ digaOmittedPhone: 'unbinds' });
    expect(
      ((await patch({ version_id: version })).json as Record<string, unknown>).inbound_phone_number_id,
    ).toBe(null);
  });

  it('Diga: lists the phones bound to an agent, by direction', async () => {
    const inbound = await call('diga', 'GET', `/v1/phone/?inbound_agent_id=${DIGA.withNewVersion}`);
    expect(inbound.status).toBe(200);
    expect(inbound.json).toMatchObject({
      data: [{ id: DIGA.inboundPhone }],
      has_more: false,
      total_pages: 1,
    });
    const outbound = await call('diga', 'GET', `/v1/phone/?outbound_agent_id=${DIGA.withNewVersion}`);
    expect(outbound.json).toMatchObject({ data: [], has_more: false });
  });

  it('Diga: rejects the order values with a 422, and leaves has_more out, in the other readings', async () => {
    emulator.setReadings({ digaVersionOrder: 'rejected', digaPaging: 'total-pages-only' });
    const path = `/v1/agent/${DIGA.withNewVersion}/version`;
    expect((await call('diga', 'GET', `${path}?order=desc`)).status).toBe(422);
    const page = await call('diga', 'GET', path);
    expect(page.status).toBe(200);
    expect(page.json).not.toHaveProperty('has_more');
    expect(page.json).toHaveProperty('total_pages', 1);
  });

  it('Retell: one lock 409, then a new draft after a publish', async () => {
    emulator.setReadings({ retellLock: 'once', retellAfterPublish: 'new-draft' });
    const publish = () =>
      call('retell', 'POST', `/publish-agent-version/${RETELL.withDraft}`, { body: { version: 2 } });
    expect((await publish()).status).toBe(409);
    expect((await publish()).status).toBe(200);
    const agent = emulator.state.retell.agents.get(RETELL.withDraft);
    expect(agent?.versions.at(-1)).toMatchObject({ version: 3, is_published: false, base_version: 2 });
  });

  it('Talkover: readiness after an unpublish, and the 422 shapes', async () => {
    emulator.setReadings({ talkoverReadyAfterUnpublish: 'false-publish-works' });
    const id = TALKOVER.published;
    const unpublished = await call('talkover', 'POST', `/api/v1/agents/${id}/unpublish`);
    expect(unpublished.json).toMatchObject({ data: { current_status: 'draft', is_ready_to_publish: false } });
    expect((await call('talkover', 'POST', `/api/v1/agents/${id}/publish`)).status).toBe(200);
    emulator.setReadings({ talkoverNotReadyShape: 'error-details' });
    const refused = await call('talkover', 'POST', `/api/v1/agents/${TALKOVER.notReady}/publish`);
    expect(refused.json).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', details: { agent: ['voice is not configured'] } },
    });
  });

  it('Langdock: an unknown agent answers 400 in the other reading', async () => {
    emulator.setReadings({ langdockUnknownAgent: 400 });
    const unknown = await call(
      'langdock',
      'GET',
      '/agent/v1/get?agentId=3f2504e0-4f89-41d3-9a0c-0305e82c33ff',
    );
    expect(unknown.status).toBe(400);
  });
});

describe('routing readings (issue 20)', () => {
  it('Retell: lists phone numbers page by page', async () => {
    const first = await call('retell', 'GET', '/v2/list-phone-numbers?limit=2');
    const page = first.json as {
      items: { phone_number: string }[];
      has_more: boolean;
      pagination_key: string;
    };
    expect(page.items).toHaveLength(2);
    expect(page.has_more).toBe(true);
    const next = await call(
      'retell',
      'GET',
      `/v2/list-phone-numbers?limit=100&pagination_key=${encodeURIComponent(page.pagination_key)}`,
    );
    const rest = (next.json as { items: { phone_number: string }[] }).items;
    expect(rest.map((item) => item.phone_number)).not.toContain(page.items[0]?.phone_number);
    expect(rest.length + 2).toBe(emulator.state.retell.phoneNumbers.size);
  });

  it.each([
    ['assigned', [[], [RETELL_TAG], []]],
    ['unassigned', [[], [], []]],
  ] as const)(
    'Retell: the tag is on the live published version, or on none, in both version reads [retellTag=%s]',
    async (reading, tags) => {
      emulator.setReadings({ retellTag: reading });
      const path = `/list-agent-versions/${RETELL.withDraft}`;
      const list = await call('retell', 'GET', `${path}?sort_order=descending`);
      const items = (list.json as { items: { assigned_tags: string[] }[] }).items;
      expect(items.map((item) => item.assigned_tags)).toEqual(tags);
      const request = { method: 'GET', path, query: { sort_order: 'descending' }, headers: {}, body: '' };
      expect(await validateResponse('retell', request, list.status, list.text)).toEqual([]);
      const one = await call('retell', 'GET', `/get-agent/${RETELL.withDraft}?version=1`);
      expect((one.json as { assigned_tags: string[] }).assigned_tags).toEqual(tags[1]);
    },
  );

  it('Diga: a number keeps its version (two published), and Update Phone moves it under the one-version rule', async () => {
    emulator.setReadings({ digaOtherNumbers: 'keep-version' });
    const agent = emulator.state.diga.agents.get(DIGA.withNewVersion);
    if (agent === undefined) throw new Error('no agent');
    const other = 'b7e2c3d4-0000-4000-8000-00000000aa01';
    agent.other_phones.push({
      id: other,
      number: '+34910000099',
      direction: 'inbound',
      status: 'assigned',
      version_id: null,
    });
    const ids = DIGA.withNewVersionIds;
    const publish = await call('diga', 'PATCH', `/v1/agent/${DIGA.withNewVersion}/published_version`, {
      body: { version_id: ids[3] },
    });
    expect(publish.status).toBe(200);
    const published = async () =>
      (
        (await call('diga', 'GET', `/v1/agent/${DIGA.withNewVersion}/version?limit=100`)).json as {
          data: { version_number: number | null; is_published: boolean }[];
        }
      ).data
        .filter((version) => version.is_published)
        .map((version) => version.version_number);
    expect((await published()).sort()).toEqual([2, 3]);
    const moved = await call('diga', 'PATCH', `/v1/phone/${other}`, { body: { inbound_version_id: ids[3] } });
    expect(moved.status).toBe(200);
    expect(await published()).toEqual([3]);
    emulator.setReadings({ digaOtherNumbers: 'refuse' });
    const refused = await call('diga', 'PATCH', `/v1/agent/${DIGA.withNewVersion}/published_version`, {
      body: { version_id: ids[1] },
    });
    expect(refused.status).toBe(400);
  });
});
