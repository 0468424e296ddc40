// The HTTP client's own words: the retry line, a refused rate limit, an oversized or non-JSON answer
// and a refused redirect. Tests of the action read these as fields and waits; the wording is pinned here.
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import { createRedactor } from '../../src/http/redact.ts';
import type { Logger } from '../../src/log.ts';
import { Deadline } from '../../src/timing.ts';
import { KEYS, TALKOVER } from '../emulator/seed.ts';
import { useEmulator } from '../support/use-emulator.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const emulator = useEmulator();
const PATH = `/api/v1/agents/${TALKOVER.draftReady}`;

function client(maxRetries = 3, deadlineMs = 300_000) {
  const lines: string[] = [];
  const log: Logger = {
    info: (message) => lines.push(message),
    notice: (message) => lines.push(message),
    warning: (message) => lines.push(message),
    debug: () => undefined,
  };
  const http = createHttpClient({
    baseUrl: emulator.baseUrls.talkover,
    authHeaders: { authorization: `Bearer ${KEYS.talkover}` },
    timeoutMs: 10_000,
    maxRetries,
    deadline: new Deadline(deadlineMs, virtualClock()),
    errors: { provider: 'Talkover', apiKeyEnv: 'TALKOVER_API_KEY', hints: {} },
    redact: createRedactor([KEYS.talkover]),
    log,
  });
  return { lines, read: () => http.request({ method: 'GET', path: PATH, idempotent: true }) };
}

async function failureOf(read: () => Promise<unknown>): Promise<Error> {
  try {
    await read();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the request to fail');
}

describe('the HTTP client says', () => {
  it('which request it retries, why, which retry of how many, and after how long', async () => {
    emulator.failNext({ provider: 'talkover', status: 429, headers: { 'retry-after': '2' } });
    const { lines, read } = client();
    await read();
    expect(lines).toEqual([`Talkover GET ${PATH}: HTTP 429, retry 1/3 in 2.0 s`]);
  });

  it('how long a rate limit asked for, when it is longer than the action waits', async () => {
    emulator.failNext({ provider: 'talkover', status: 429, headers: { 'retry-after': '3600' } });
    const error = await failureOf(client().read);
    expect(error.message).toBe(
      `Talkover GET ${PATH} answered HTTP 429: rate limited, retry after 3600 s (more than the 60 s this action waits)`,
    );
    expect((error as Error & { hint: string }).hint).toBe(
      'Talkover rate-limited the request: wait a minute and re-run the job, or publish less often.',
    );
  });

  it('that an answer over the size cap was not read', async () => {
    emulator.failNext({ provider: 'talkover', status: 200, body: 'x'.repeat(2 * 1024 * 1024) });
    const error = await failureOf(client().read);
    expect(error.message).toBe(`Talkover GET ${PATH} answered more than 1 MiB; the response was not read.`);
  });

  it('what a non-JSON error page says, without its markup', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1><p>upstream went away</p></body></html>';
    emulator.failNext({
      provider: 'talkover',
      status: 502,
      body: page,
      headers: { 'content-type': 'text/html' },
    });
    const error = await failureOf(client(0).read);
    expect(error.message).toBe(
      `Talkover GET ${PATH} answered HTTP 502: non-JSON response: 502 Bad Gateway upstream went away`,
    );
  });

  it('that the deadline ran out while it waited for an answer, and how to give it more time', async () => {
    // A real hang, cut after 0.3 s: the deadline, not timeout-seconds, ends it.
    emulator.disruptNext({ provider: 'talkover', method: 'GET', disruption: 'hang' });
    const error = await failureOf(client(3, 300).read);
    expect(error.message).toBe(
      `Talkover GET ${PATH}: the step's deadline of 0.3 s (deadline-seconds) ran out before the answer came.`,
    );
    expect((error as Error & { hint: string }).hint).toBe(
      'Raise deadline-seconds, or re-run the job when the provider answers faster (check its status page).',
    );
  });

  it('where a refused redirect pointed, and why it is not followed', async () => {
    emulator.failNext({
      provider: 'talkover',
      status: 307,
      headers: { location: 'https://evil.example/steal' },
    });
    const error = await failureOf(client().read);
    expect(error.message).toBe(
      `Talkover GET ${PATH} answered a redirect (HTTP 307) to https://evil.example; redirects are not followed so that the key is never sent to another address.`,
    );
  });
});
