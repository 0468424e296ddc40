// The action in-process against a misbehaving provider: every fault mode of the emulator, with the
// outcome, the number of attempts and the waits the step asked for (its clock is virtual: a wait ends
// at once). Hangs and slow bodies, which only a real time limit ends: socket-timeouts.test.ts.
import { describe, expect, it } from 'vitest';
import { DIGA, KEYS, LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import { listed } from '../../src/errors.ts';
import { hintForStatus } from '../../src/http/failures.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, resultError } from '../support/outcome.ts';

const { emulator, run, writes, attempts } = useInProcess();

const TALKOVER_AGENT = `/api/v1/agents/${TALKOVER.draftReady}`;
const RETELL_LIST = `/list-agent-versions/${RETELL.withDraft}`;

describe('rate limits (429)', () => {
  it('waits as long as Retry-After asks in seconds before retrying a publish', async () => {
    emulator.failNext({ provider: 'langdock', method: 'POST', status: 429, headers: { 'retry-after': '1' } });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(0);
    expect(result.waits).toEqual([1000]);
    expect(writes()).toHaveLength(2);
  });

  it('waits until the HTTP date Retry-After names', async () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    emulator.failNext({
      provider: 'retell',
      method: 'GET',
      status: 429,
      headers: { 'retry-after': inTwoSeconds },
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    // The wait ends at the date the header named (whole seconds, so up to 2 s from now): counted from
    // any time before it was asked for (now is after), it reaches the date.
    const [wait = 0] = result.waits ?? [];
    expect(wait).toBeLessThanOrEqual(2000);
    expect(Date.now() + wait).toBeGreaterThanOrEqual(Date.parse(inTwoSeconds));
    // One more than the retries show: where calls go resolves latest_published after the publish.
    expect(attempts('GET', RETELL_LIST)).toBe(4);
  });

  it('fails at once, without sleeping, when Retry-After asks for more than 60 s', async () => {
    emulator.failNext({ provider: 'diga', status: 429, headers: { 'retry-after': '3600' } });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(result.waits).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Diga', step: 'plan' });
    // The wait asked for is in the cause; the hint is the one for a 429.
    expect(error.cause).toMatch(/\b3600\b/);
    expect(error.hint).toBe(hintForStatus(429, { provider: 'Diga', apiKeyEnv: '', hints: {} }));
  });

  it('treats an HTTP date a day away as too long a wait as well', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toUTCString();
    emulator.failNext({ provider: 'talkover', status: 429, headers: { 'retry-after': tomorrow } });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(result.waits).toEqual([]);
    // The wait asked for, in seconds: about a day.
    expect(resultError(result).cause).toMatch(/\b86\d{3}\b/);
  });

  it('falls back to backoff when Retry-After is garbage', async () => {
    emulator.failNext({ provider: 'talkover', status: 429, headers: { 'retry-after': 'soon, maybe' } });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // One more than the retries show: where calls go reads the agent's numbers after the publish.
    expect(attempts('GET', TALKOVER_AGENT)).toBe(4);
    // Backoff of the first retry: full jitter under 0.5 s.
    const [wait = Infinity, ...more] = result.waits ?? [];
    expect(more).toEqual([]);
    expect(wait).toBeLessThanOrEqual(500);
  });
});

describe('server errors (5xx)', () => {
  it('retries a read through a 500, 502 and 503 and then succeeds', async () => {
    for (const status of [500, 502, 503]) emulator.failNext({ provider: 'retell', method: 'GET', status });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // Three failures and the plan's read, then the verify read, then where calls go (a number follows latest_published).
    expect(attempts('GET', RETELL_LIST)).toBe(6);
    // One backoff before each of the three retries.
    expect(result.waits).toHaveLength(3);
  });

  it('describes an HTML 502 page from a proxy as a non-JSON response, without its markup', async () => {
    const page = `<html><head><title>502 Bad Gateway</title><style>h1{color:red}</style></head><body><h1>502 Bad Gateway</h1>${'<p>upstream went away</p>'.repeat(30)}</body></html>`;
    emulator.failNext({
      provider: 'talkover',
      status: 502,
      body: page,
      headers: { 'content-type': 'text/html' },
      times: 4,
    });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(1);
    expect(attempts('GET', TALKOVER_AGENT)).toBe(4);
    const { cause } = resultError(result);
    const detail = cause.slice(cause.indexOf('502 Bad Gateway 502'));
    expect(detail).toMatch(/^502 Bad Gateway 502 Bad Gateway upstream went away/);
    expect(cause).not.toMatch(/[<>]|color:red/);
    // At most 200 characters of the page.
    expect(detail.length).toBeLessThanOrEqual(200);
  });
});

describe('connections that misbehave', () => {
  it('retries a read whose connection is reset', async () => {
    emulator.disruptNext({ provider: 'diga', method: 'GET', disruption: 'reset' });
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // The reset read was retried once: one wait, one request more than a clean run.
    expect(result.waits).toHaveLength(1);
  });

  it('retries a read whose body stops half way', async () => {
    emulator.disruptNext({ provider: 'retell', method: 'GET', disruption: 'half-body' });
    const result = await run('retell', { 'agent-id': RETELL.withDraft });
    expect(result.exitCode).toBe(0);
    // One more than the retries show: where calls go resolves latest_published after the publish.
    expect(attempts('GET', RETELL_LIST)).toBe(4);
    expect(result.waits).toHaveLength(1);
  });

  it('refuses a 5 MiB body without reading it all, and does not retry', async () => {
    emulator.failNext({ provider: 'langdock', status: 200, body: 'x'.repeat(5 * 1024 * 1024) });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(result.waits).toEqual([]);
    // The body is not read, so no part of it reaches the failure.
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Langdock', step: 'plan' });
    expect(error.cause).not.toContain('xxx');
  });

  it('refuses to follow a redirect to another host, so the key never goes there', async () => {
    emulator.failNext({
      provider: 'langdock',
      status: 307,
      headers: { location: 'https://evil.example/steal' },
    });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Langdock', step: 'plan' });
    // Where the redirect pointed (its origin only).
    expect(error.cause).toContain('https://evil.example');
    expect(error.cause).not.toContain('/steal');
  });

  it('accepts an empty 200 to a write and lets verify decide', async () => {
    emulator.failNext({ provider: 'talkover', method: 'POST', status: 200 });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    // The canned empty 200 did not publish, so the read-back catches it.
    expect(result.exitCode).toBe(1);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'verify' });
    expect(error.cause).toContain('"draft"');
  });

  it('fails clearly on an empty 200 where a read needs a body', async () => {
    emulator.failNext({ provider: 'talkover', method: 'GET', status: 200 });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    const error = resultError(result);
    expect(error).toMatchObject({ provider: 'Talkover', step: 'plan' });
    // The request whose answer did not decode.
    expect(error.cause).toContain(`GET ${TALKOVER_AGENT}`);
  });

  it('redacts a key the provider echoes with JSON \\u escapes, which spell it only once decoded', async () => {
    const escaped = KEYS.langdock.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    emulator.failNext({
      provider: 'langdock',
      status: 403,
      body: `{"message":"key ${escaped} may not publish"}`,
      headers: { 'content-type': 'application/json' },
    });
    const result = await run('langdock', { 'agent-id': LANGDOCK.withChanges });
    expect(result.exitCode).toBe(1);
    // runAction has scanned stdout, stderr, outputs and summary for the key in every form.
    expect(resultError(result).cause).toContain('key *** may not publish');
  });

  it('redacts the key a provider echoes in an error body, in debug logs too', async () => {
    emulator.failNext({
      provider: 'retell',
      status: 401,
      body: { status: 'error', message: `Invalid API key ${KEYS.retell} (Bearer ${KEYS.retell})` },
    });
    const result = await run('retell', { 'agent-id': RETELL.withDraft }, { RUNNER_DEBUG: '1' });
    expect(result.exitCode).toBe(1);
    expect(resultError(result).cause).toContain('Invalid API key *** (Bearer ***)');
    expect(result.stdout).toContain('::debug::');
    // runAction has already scanned stdout, stderr, outputs and summary for every form of the key.
  });
});

describe('redaction never corrupts what it reads (issue 13)', () => {
  it('publishes with a key that is also a word of every answer', async () => {
    // Talkover answers "current_status": "…"; cutting the key out first made this a failure.
    emulator.acceptKey('talkover', 'current_status');
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, 'api-key': 'current_status' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.stdout).toContain('::add-mask::current_status');
  });

  it("publishes with a key that is a word of the answer's field names", async () => {
    emulator.acceptKey('retell', 'is_published');
    const result = await run('retell', { 'agent-id': RETELL.withDraft, 'api-key': 'is_published' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.outputs.version).toBe('2');
  });
});

describe('provider text in the outputs and the summary (issue 13)', () => {
  it('cuts a long list of versions in an error', async () => {
    const result = await run('diga', { 'agent-id': DIGA.longHistory, version: 'v999' });
    expect(result.exitCode).toBe(1);
    const saved = Array.from({ length: 130 }, (_, index) => `v${String(130 - index)}`);
    expect(resultError(result).cause).toContain(listed(saved));
  });

  it('keeps agent-name and the versions on one line without control characters', async () => {
    const agent = emulator.state.talkover.agents.get(TALKOVER.draftReady);
    if (agent !== undefined) agent.name = 'Front\nDesk\u0007\u2028x\u202e';
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['agent-name']).toBe('Front Desk x');
  });

  it("leaves published-at empty, with a warning, when the provider's time is not ISO 8601", async () => {
    emulator.failNext({
      provider: 'talkover',
      method: 'POST',
      status: 200,
      body: {
        success: true,
        data: {
          id: TALKOVER.draftReady,
          current_status: 'published',
          is_ready_to_publish: true,
          updated_at: 'yesterday',
        },
      },
    });
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady, verify: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['published-at']).toBe('');
    expect(annotations(result.stdout, 'warning')).toEqual([expect.stringContaining('"yesterday"')]);
  });

  it('shows no reordering characters and no links from provider text in the summary', async () => {
    const agent = emulator.state.talkover.agents.get(TALKOVER.draftReady);
    if (agent !== undefined)
      agent.name = 'Desk \u202eevil\u2066 https://evil.example/x www.evil.example a@evil.example';
    const result = await run('talkover', { 'agent-id': TALKOVER.draftReady });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('Desk evil');
    expect(result.summary).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(result.summary).not.toContain('https://evil');
    expect(result.summary).not.toContain('www.evil');
    expect(result.summary).not.toContain('a@evil');
  });
});
