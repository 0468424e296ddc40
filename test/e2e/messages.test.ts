// Bundle smoke tests: the cases of test/inprocess/messages.test.ts that most depend on the runner (its
// files, the log it reads, a process of its own), run through the bundle as the runner runs it.
// What the log and the summary say, read once: each fact once, in plain words, one time format.
import { describe, expect, it } from 'vitest';
import { DIGA, KEYS } from '../emulator/seed.ts';
import { useEndToEnd } from '../support/e2e.ts';

const { run } = useEndToEnd();

describe('the messages', () => {
  it('mask each form of each key once', async () => {
    const result = await run('diga', { 'agent-id': DIGA.withNewVersion });
    const masks = result.stdout.match(/^::add-mask::.*$/gm) ?? [];
    expect(masks.length).toBeGreaterThan(2);
    expect(new Set(masks).size).toBe(masks.length);
    expect(masks).toContain(`::add-mask::${KEYS.diga}`);
  });
});
