// The one safe-write loop on its own: send, doubt, re-read, decide.
import { describe, expect, it } from 'vitest';
import { ProviderStatusError, StateError, UncertainWriteError } from '../../src/errors.ts';
import type { HttpClient } from '../../src/http/client.ts';
import { safeWrite, WRITE_SETTLE_MS, type Landed, type SafeWrite } from '../../src/http/safe-write.ts';

const lost = () => new UncertainWriteError('POST /x: the answer was lost.', 'Re-run.');

/** A write whose sends and re-reads answer from the scripts given, call by call. */
function scripted(script: { sends: (string | Error)[]; states: (string | Error)[]; maxRetries?: number }) {
  const calls: string[] = [];
  const lines: string[] = [];
  const next = <T>(list: (T | Error)[], name: string): T => {
    calls.push(name);
    const item = list.shift();
    if (item === undefined) throw new Error(`no ${name} scripted`);
    if (item instanceof Error) throw item;
    return item;
  };
  const http: HttpClient = {
    baseUrl: 'http://x',
    maxRetries: script.maxRetries ?? 3,
    request: () => Promise.reject(new Error('not used')),
    backoff: (_retry: number, _label: string, _reason: string, atLeastMs = 0) => {
      calls.push(`wait ${atLeastMs}`);
      return Promise.resolve();
    },
    heldLog: () => ({ http, release: () => undefined }),
  };
  const write: SafeWrite<string, string> = {
    what: 'agent 1',
    http,
    log: {
      info: () => undefined,
      debug: () => undefined,
      notice: (line) => lines.push(`notice: ${line}`),
      warning: (line) => lines.push(`warning: ${line}`),
    },
    send: () => Promise.resolve(next(script.sends, 'send')),
    reread: () => Promise.resolve(next(script.states, 'reread')),
    landed: (state): Landed =>
      state === 'after' ? 'landed' : state === 'before' ? 'not-landed' : { changed: `now ${state}` },
  };
  return { write, calls, lines };
}

describe('safeWrite', () => {
  it('returns the answer of a write that was answered', async () => {
    const { write, calls } = scripted({ sends: ['ok'], states: [] });
    await expect(safeWrite(write)).resolves.toEqual({ kind: 'sent', result: 'ok' });
    expect(calls).toEqual(['send']);
  });

  it('after a lost answer, warns, waits for the write to settle, reads again and sends nothing more when it landed', async () => {
    const { write, calls, lines } = scripted({ sends: [lost()], states: ['after'] });
    await expect(safeWrite(write)).resolves.toEqual({ kind: 'landed', how: 'it now reads as planned' });
    expect(calls).toEqual(['send', `wait ${WRITE_SETTLE_MS}`, 'reread']);
    expect(lines[0]).toMatch(/^warning: POST \/x: the answer was lost\. Reading the agent again/);
    expect(lines[1]).toBe('notice: agent 1: the first try went through (it now reads as planned).');
  });

  it('sends again when the re-read shows the write did not land', async () => {
    const { write, calls } = scripted({ sends: [lost(), 'ok'], states: ['before'] });
    await expect(safeWrite(write)).resolves.toEqual({ kind: 'sent', result: 'ok' });
    expect(calls).toEqual(['send', `wait ${WRITE_SETTLE_MS}`, 'reread', 'send']);
  });

  it('never sends a second write when someone else changed the state meanwhile', async () => {
    const { write, calls } = scripted({ sends: [lost()], states: ['elsewhere'] });
    const error = await safeWrite(write).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UncertainWriteError);
    expect((error as Error).message).toContain('(now elsewhere), so no second write was sent');
    expect(calls).toEqual(['send', `wait ${WRITE_SETTLE_MS}`, 'reread']);
  });

  it('keeps the doubt in its error when the re-read fails', async () => {
    const { write } = scripted({ sends: [lost()], states: [new StateError('read failed', 'h')] });
    const error = await safeWrite(write).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UncertainWriteError);
    expect((error as Error).message).toMatch(/the answer was lost\..*again failed too: read failed/);
  });

  it('gives up after the client’s retries with the doubt itself', async () => {
    const doubt = lost();
    const { write, calls } = scripted({ sends: [lost(), doubt], states: ['before'], maxRetries: 1 });
    await expect(safeWrite(write)).rejects.toBe(doubt);
    expect(calls).toEqual(['send', `wait ${WRITE_SETTLE_MS}`, 'reread', 'send']);
  });

  it('counts a re-sent write answered as a no-op, or refused while the re-read shows it landed, as landed', async () => {
    const noop = scripted({ sends: [lost(), 'nothing to do'], states: ['before'] });
    const settled = await safeWrite({ ...noop.write, noop: (result) => result });
    expect(settled).toEqual({ kind: 'landed', how: 'the retry found nothing to do' });

    const refusal = new ProviderStatusError({ request: 'POST /x', status: 400, detail: 'no', hint: 'h' });
    const refused = scripted({ sends: [lost(), refusal], states: ['before', 'after'] });
    await expect(safeWrite({ ...refused.write, rereadRefusals: true })).resolves.toMatchObject({
      kind: 'landed',
    });
    const plain = scripted({ sends: [lost(), refusal], states: ['before'] });
    await expect(safeWrite(plain.write)).rejects.toBe(refusal);
  });
});
