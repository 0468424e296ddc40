import { describe, it, expect } from 'vitest';
import { validateRequest, validateResponse } from './openapi.ts';
import type { Provider, RequestToValidate } from './openapi.ts';

const AGENT_UUID = '550e8400-e29b-41d4-a716-446655440000';
const VERSION_UUID = '6f1c2a9e-3b7d-4c55-9e21-0a8b7c6d5e4f';
const PHONE_UUID = '9b2f7c1e-0d4a-4e8b-b1a3-2c5d6e7f8a9b';
const AUTH = { authorization: 'Bearer test_token-123' };
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' };

function request(
  method: string,
  path: string,
  overrides: Partial<RequestToValidate> = {},
): RequestToValidate {
  return { method, path, query: {}, headers: { ...AUTH }, body: '', ...overrides };
}

function jsonRequest(method: string, path: string, body: unknown): RequestToValidate {
  return request(method, path, { headers: { ...JSON_HEADERS }, body: JSON.stringify(body) });
}

async function expectValid(provider: Provider, req: RequestToValidate): Promise<void> {
  expect(await validateRequest(provider, req)).toEqual([]);
}

/** Asserts the request is invalid and that one error matches `pattern`. */
async function expectInvalid(provider: Provider, req: RequestToValidate, pattern: RegExp): Promise<string[]> {
  const errors = await validateRequest(provider, req);
  expect(errors.length, 'expected validation errors').toBeGreaterThan(0);
  expect(
    errors.some((e) => pattern.test(e)),
    `no error matches ${String(pattern)} in ${JSON.stringify(errors)}`,
  ).toBe(true);
  return errors;
}

describe('talkover (OpenAPI 3.0.3)', () => {
  const publish = `/api/v1/agents/${AGENT_UUID}/publish`;

  it('accepts publish, unpublish and get without a body', async () => {
    await expectValid('talkover', request('POST', publish));
    await expectValid('talkover', request('POST', `/api/v1/agents/${AGENT_UUID}/unpublish`));
    await expectValid('talkover', request('GET', `/api/v1/agents/${AGENT_UUID}`));
    // header names are matched case-insensitively, methods too
    await expectValid(
      'talkover',
      request('post', publish, { headers: { Authorization: 'Bearer talq_abc' } }),
    );
    // agent_id is a plain non-empty string in this spec (no uuid format)
    await expectValid('talkover', request('GET', '/api/v1/agents/agent_123456'));
  });

  it('rejects a publish or unpublish that sends a JSON body (the operations declare no requestBody)', async () => {
    await expectInvalid(
      'talkover',
      jsonRequest('POST', publish, {}),
      /publishAgent declares no request body/,
    );
    await expectInvalid(
      'talkover',
      jsonRequest('POST', `/api/v1/agents/${AGENT_UUID}/unpublish`, { reason: 'x' }),
      /unpublishAgent declares no request body.*send none/,
    );
  });

  it('rejects a missing Authorization header or another scheme', async () => {
    await expectInvalid(
      'talkover',
      request('POST', publish, { headers: {} }),
      /missing Authorization header/,
    );
    await expectInvalid(
      'talkover',
      request('GET', `/api/v1/agents/${AGENT_UUID}`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      /must use the "bearer" scheme.*got "Basic"/,
    );
    await expectInvalid(
      'talkover',
      request('POST', publish, { headers: { authorization: 'Bearer ' } }),
      /bearer/i,
    );
  });

  it('rejects unknown paths, undeclared methods and undeclared query parameters', async () => {
    await expectInvalid(
      'talkover',
      request('POST', '/api/v1/agents/publish-all'),
      /no POST operation for \/api\/v1\/agents\/publish-all \(declared: GET/,
    );
    await expectInvalid(
      'talkover',
      request('GET', '/api/v1/users'),
      /no operation matches GET \/api\/v1\/users/,
    );
    await expectInvalid(
      'talkover',
      request('POST', `/api/v2/agents/${AGENT_UUID}/publish`),
      /no operation matches/,
    );
    await expectInvalid(
      'talkover',
      request('DELETE', `/api/v1/agents/${AGENT_UUID}`),
      /no DELETE operation .*declared: GET \/api\/v1\/agents\/\{agent_id\}/,
    );
    await expectInvalid('talkover', request('POST', `${publish}/`), /no operation matches/);
    await expectInvalid(
      'talkover',
      request('GET', `/api/v1/agents/${AGENT_UUID}`, { query: { include: 'voice' } }),
      /query parameter "include" is not declared/,
    );
  });
});

describe('retell (OpenAPI 3.0.3)', () => {
  const publish = '/publish-agent-version/agent_0123abcd';

  it('accepts each operation', async () => {
    await expectValid(
      'retell',
      jsonRequest('POST', publish, {
        version: 15,
        version_title: 'Transfer fix',
        version_description: 'Hotfix',
      }),
    );
    await expectValid('retell', jsonRequest('POST', publish, { version: 0 }));
    await expectValid(
      'retell',
      request('GET', '/list-agent-versions/agent_0123abcd', {
        query: { limit: '50', sort_order: 'descending', pagination_key: 'abc' },
      }),
    );
    await expectValid('retell', request('GET', '/list-agent-versions/agent_0123abcd'));
    await expectValid('retell', request('GET', '/get-agent/agent_0123abcd', { query: { version: '15' } }));
    await expectValid('retell', request('GET', '/get-agent/agent_0123abcd', { query: { version: 'prod' } }));
  });

  it('rejects a negative, missing or non-integer version', async () => {
    await expectInvalid(
      'retell',
      jsonRequest('POST', publish, { version: -1 }),
      /body\.version must be >= 0, got -1/,
    );
    await expectInvalid(
      'retell',
      jsonRequest('POST', publish, { version_title: 'x' }),
      /body\.version is required but missing/,
    );
    await expectInvalid(
      'retell',
      jsonRequest('POST', publish, { version: '15' }),
      /body\.version must be integer/,
    );
    await expectInvalid(
      'retell',
      jsonRequest('POST', publish, { version: 1.5 }),
      /body\.version must be integer/,
    );
    await expectInvalid(
      'retell',
      jsonRequest('POST', publish, { version: 1, version_title: 42 }),
      /body\.version_title must be string/,
    );
  });

  it('rejects a missing body, a body without JSON Content-Type, and malformed JSON', async () => {
    await expectInvalid('retell', request('POST', publish), /request body is required but missing/);
    await expectInvalid(
      'retell',
      request('POST', publish, { body: '{"version":1}' }),
      /Content-Type header is missing.*application\/json/,
    );
    await expectInvalid(
      'retell',
      request('POST', publish, { headers: { ...AUTH, 'content-type': 'text/plain' }, body: '{"version":1}' }),
      /Content-Type text\/plain is not accepted/,
    );
    await expectInvalid(
      'retell',
      request('POST', publish, { headers: { ...JSON_HEADERS }, body: '{"version":' }),
      /not valid JSON/,
    );
    // parameters of the media type are fine
    await expectValid(
      'retell',
      request('POST', publish, {
        headers: { ...AUTH, 'content-type': 'application/json; charset=utf-8' },
        body: '{"version":1}',
      }),
    );
  });

  it('rejects bad query parameters', async () => {
    await expectInvalid(
      'retell',
      request('GET', '/list-agent-versions/agent_0123abcd', { query: { sort_order: 'up' } }),
      /query parameter "sort_order" must be one of "ascending", "descending", got "up"/,
    );
    await expectInvalid(
      'retell',
      request('GET', '/list-agent-versions/agent_0123abcd', { query: { limit: '0' } }),
      /query parameter "limit" must be >= 1/,
    );
    await expectInvalid(
      'retell',
      request('GET', '/list-agent-versions/agent_0123abcd', { query: { limit: 'ten' } }),
      /query parameter "limit" must be integer/,
    );
  });

  it('rejects a missing Authorization header and the deprecated publish path', async () => {
    await expectInvalid(
      'retell',
      request('GET', '/get-agent/agent_0123abcd', { headers: {} }),
      /missing Authorization header.*api_key/,
    );
    await expectInvalid('retell', request('POST', '/publish-agent/agent_0123abcd'), /no operation matches/);
  });
});

describe('diga (OpenAPI 3.1.0)', () => {
  const publish = `/v1/agent/${AGENT_UUID}/published_version`;
  const list = `/v1/agent/${AGENT_UUID}/version`;

  it('accepts each operation', async () => {
    await expectValid(
      'diga',
      jsonRequest('PATCH', publish, {
        version_id: VERSION_UUID,
        inbound_phone_number_id: PHONE_UUID,
        outbound_phone_number_id: null,
      }),
    );
    await expectValid('diga', jsonRequest('PATCH', publish, {}));
    await expectValid('diga', request('GET', `/v1/agent/${AGENT_UUID}`));
    await expectValid(
      'diga',
      request('GET', `/v1/agent/${AGENT_UUID}`, {
        query: { version_id: VERSION_UUID, is_published: 'true' },
      }),
    );
    await expectValid('diga', request('GET', list, { query: { limit: '100', order: 'asc', page: '2' } }));
    await expectValid(
      'diga',
      request('GET', list, { query: { after: VERSION_UUID, limit: '1', order: 'desc' } }),
    );
    await expectValid(
      'diga',
      request('GET', '/v1/phone/', { query: { inbound_agent_id: AGENT_UUID, limit: '100', page: '1' } }),
    );
    // The first request compiles the whole 3.1 document (Ajv 2020): slow on a busy machine.
  }, 30_000);

  it('rejects a phone list filtered by something other than an agent UUID', async () => {
    await expectInvalid(
      'diga',
      request('GET', '/v1/phone/', { query: { outbound_agent_id: 'agent_1' } }),
      /outbound_agent_id/,
    );
  });

  it('accepts version_id: null (anyOf uuid | null) and rejects version_id: "nope"', async () => {
    await expectValid('diga', jsonRequest('PATCH', publish, { version_id: null }));
    const errors = await expectInvalid(
      'diga',
      jsonRequest('PATCH', publish, { version_id: 'nope' }),
      /body\.version_id must match any of the allowed schemas \(must match format "uuid".*\| must be null.*\), got "nope"/,
    );
    expect(errors).toHaveLength(1);
    await expectInvalid(
      'diga',
      jsonRequest('PATCH', publish, { version_id: VERSION_UUID, inbound_phone_number_id: 7 }),
      /body\.inbound_phone_number_id must match any/,
    );
  });

  it('rejects a non-UUID agent id in the path', async () => {
    await expectInvalid(
      'diga',
      jsonRequest('PATCH', '/v1/agent/agent-1/published_version', { version_id: VERSION_UUID }),
      /path parameter "agent_id" must match format "uuid", got "agent-1"/,
    );
    await expectInvalid(
      'diga',
      request('GET', '/v1/agent/123'),
      /path parameter "agent_id" must match format "uuid"/,
    );
  });

  it('rejects bad list and get query parameters', async () => {
    await expectInvalid(
      'diga',
      request('GET', list, { query: { limit: '101' } }),
      /query parameter "limit" must be <= 100/,
    );
    await expectInvalid(
      'diga',
      request('GET', list, { query: { order: 'sideways' } }),
      /query parameter "order" must be one of "asc", "desc", got "sideways"/,
    );
    // both at once are both reported
    const errors = await validateRequest(
      'diga',
      request('GET', list, { query: { limit: '101', order: 'sideways' } }),
    );
    expect(errors).toHaveLength(2);
    // Optional[...] parameters: 'null' means absent; "0" and "" must not pass as null through type coercion
    await expectInvalid(
      'diga',
      request('GET', list, { query: { page: '0' } }),
      /query parameter "page" must be >= 1/,
    );
    await expectInvalid(
      'diga',
      request('GET', list, { query: { after: '' } }),
      /query parameter "after" must match format "uuid"/,
    );
    await expectInvalid(
      'diga',
      request('GET', list, { query: { before: 'x' } }),
      /query parameter "before" must match format "uuid"/,
    );
    await expectInvalid(
      'diga',
      request('GET', `/v1/agent/${AGENT_UUID}`, { query: { is_published: 'maybe' } }),
      /query parameter "is_published" must be boolean/,
    );
    await expectInvalid(
      'diga',
      request('GET', `/v1/agent/${AGENT_UUID}`, { query: { version_id: 'v1' } }),
      /query parameter "version_id" must match format "uuid", got "v1"/,
    );
  });

  it('requires the bearer token declared on each operation (the top-level security is [])', async () => {
    await expectInvalid(
      'diga',
      request('PATCH', publish, { headers: { 'content-type': 'application/json' }, body: '{}' }),
      /missing Authorization header.*CustomHTTPBearer/,
    );
    // security and validation errors are reported together
    const errors = await validateRequest(
      'diga',
      request('GET', '/v1/agent/not-a-uuid', { headers: { authorization: 'Token abc' } }),
    );
    expect(errors).toHaveLength(2);
  });

  it('rejects the publish body without Content-Type, a missing body and another method', async () => {
    await expectInvalid('diga', request('PATCH', publish, { body: '{}' }), /Content-Type header is missing/);
    await expectInvalid('diga', request('PATCH', publish), /request body is required but missing/);
    await expectInvalid(
      'diga',
      jsonRequest('PUT', publish, { version_id: null }),
      /no PUT operation .*declared: PATCH/,
    );
  });
});

describe('langdock (OpenAPI 3.0.0)', () => {
  it('accepts each operation', async () => {
    await expectValid('langdock', jsonRequest('POST', '/agent/v1/publish', { agentId: AGENT_UUID }));
    await expectValid(
      'langdock',
      jsonRequest('POST', '/agent/v1/publish', { agentId: AGENT_UUID, description: 'x'.repeat(100) }),
    );
    await expectValid('langdock', request('GET', '/agent/v1/get', { query: { agentId: AGENT_UUID } }));
  });

  it('rejects a description of 101 characters', async () => {
    await expectInvalid(
      'langdock',
      jsonRequest('POST', '/agent/v1/publish', { agentId: AGENT_UUID, description: 'x'.repeat(101) }),
      /body\.description must NOT have more than 100 characters/,
    );
  });

  it('rejects a missing or malformed agentId', async () => {
    await expectInvalid(
      'langdock',
      jsonRequest('POST', '/agent/v1/publish', { description: 'no id' }),
      /body\.agentId is required but missing/,
    );
    await expectInvalid(
      'langdock',
      jsonRequest('POST', '/agent/v1/publish', { agentId: 'agent-1' }),
      /body\.agentId must match format "uuid"/,
    );
    await expectInvalid(
      'langdock',
      request('GET', '/agent/v1/get'),
      /query parameter "agentId" is required but missing/,
    );
    await expectInvalid(
      'langdock',
      request('GET', '/agent/v1/get', { query: { agentId: 'abc' } }),
      /query parameter "agentId" must match format "uuid"/,
    );
  });

  it('rejects paths with the dedicated-deployment prefix and a missing token', async () => {
    await expectInvalid(
      'langdock',
      jsonRequest('POST', '/api/public/agent/v1/publish', { agentId: AGENT_UUID }),
      /no operation matches/,
    );
    await expectInvalid(
      'langdock',
      request('POST', '/agent/v1/publish', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: AGENT_UUID }),
      }),
      /missing Authorization header/,
    );
    await expectInvalid('langdock', request('POST', '/agent/v1/unpublish'), /no operation matches/);
  });
});

describe('validateResponse', () => {
  const talkoverPublish = request('POST', `/api/v1/agents/${AGENT_UUID}/publish`);
  const published = {
    success: true,
    message: 'Agent published successfully',
    data: {
      id: AGENT_UUID,
      name: 'SupportBot',
      current_status: 'published',
      updated_at: '2024-01-15T10:50:00Z',
    },
  };

  it('accepts bodies of the declared shape', async () => {
    expect(await validateResponse('talkover', talkoverPublish, 200, JSON.stringify(published))).toEqual([]);
    expect(
      await validateResponse('talkover', talkoverPublish, 422, '{"success":false,"errors":["x"]}'),
    ).toEqual([]);
    expect(
      await validateResponse(
        'retell',
        jsonRequest('POST', '/publish-agent-version/a', { version: 1 }),
        200,
        '',
      ),
    ).toEqual([]);
    // 3.0 nullable
    expect(
      await validateResponse(
        'retell',
        request('GET', '/get-agent/a'),
        200,
        JSON.stringify({ agent_id: 'a', version: 1, last_modification_timestamp: 1, agent_name: null }),
      ),
    ).toEqual([]);
    expect(
      await validateResponse(
        'diga',
        jsonRequest('PATCH', `/v1/agent/${AGENT_UUID}/published_version`, {}),
        200,
        JSON.stringify({ agent_id: AGENT_UUID, published_version_id: null }),
      ),
    ).toEqual([]);
    expect(
      await validateResponse(
        'langdock',
        jsonRequest('POST', '/agent/v1/publish', { agentId: AGENT_UUID }),
        409,
        '{"status":"error","message":"No draft changes to publish"}',
      ),
    ).toEqual([]);
  });

  it('rejects bodies of another shape, undeclared statuses and bodies where none is declared', async () => {
    const wrongStatus = { ...published, data: { ...published.data, current_status: 'live' } };
    expect(await validateResponse('talkover', talkoverPublish, 200, JSON.stringify(wrongStatus))).toEqual([
      expect.stringMatching(
        /publishAgent 200: response body\.data\.current_status must be one of "draft", "published"/,
      ),
    ]);
    const badDate = { ...published, data: { ...published.data, updated_at: 'yesterday' } };
    expect(await validateResponse('talkover', talkoverPublish, 200, JSON.stringify(badDate))).toEqual([
      expect.stringMatching(/updated_at must match format "date-time"/),
    ]);
    expect(await validateResponse('talkover', talkoverPublish, 500, '{}')).toEqual([
      expect.stringMatching(/status 500 is not declared/),
    ]);
    expect(await validateResponse('talkover', talkoverPublish, 200, 'not json')).toEqual([
      expect.stringMatching(/not valid JSON/),
    ]);
    expect(
      await validateResponse(
        'retell',
        jsonRequest('POST', '/publish-agent-version/a', { version: 1 }),
        200,
        '{}',
      ),
    ).toEqual([expect.stringMatching(/declares no body/)]);
    expect(
      await validateResponse(
        'diga',
        jsonRequest('PATCH', `/v1/agent/${AGENT_UUID}/published_version`, {}),
        200,
        JSON.stringify({ agent_id: AGENT_UUID, published_version_id: 'v2' }),
      ),
    ).toEqual([expect.stringMatching(/published_version_id must match any/)]);
    expect(
      await validateResponse(
        'retell',
        request('GET', '/list-agent-versions/a'),
        200,
        JSON.stringify({ items: [{ version: 1, is_published: true }], has_more: false }),
      ),
    ).toEqual([expect.stringMatching(/items\[0\]\.last_modification_timestamp is required but missing/)]);
  });
});
