// A publish with verify on reads each thing once per phase: what the plan read serves the routing plan
// and the release diff; what verify read serves where calls go where nothing was written in between.
// Counted in the emulator's request log: the same request twice in one phase is a round trip too many.
import { describe, expect, it } from 'vitest';
import { ELEVENLABS, PUBLISHABLE, type ProviderName } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';

const { run, sent } = useInProcess();

/** The requests before the first write, and those after the last one. */
function phases(): { plan: string[]; afterWrites: string[] } {
  const trail = sent();
  const writes = trail.flatMap((line, i) => (line.startsWith('GET ') ? [] : [i]));
  return { plan: trail.slice(0, writes[0]), afterWrites: trail.slice((writes.at(-1) ?? trail.length) + 1) };
}

const repeated = (requests: readonly string[]) => requests.filter((line, i) => requests.indexOf(line) !== i);

describe('a publish reads nothing twice before its first write', () => {
  it.each(['retell', 'diga', 'elevenlabs'] as const)('%s', async (provider: ProviderName) => {
    const result = await run(provider, { 'agent-id': PUBLISHABLE[provider] });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(repeated(phases().plan)).toEqual([]);
  });

  it('elevenlabs, committing a branch that serves no calls yet and deploying it', async () => {
    const result = await run('elevenlabs', { 'agent-id': ELEVENLABS.withDraft, branch: 'experiment' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(repeated(phases().plan)).toEqual([]);
  });
});

describe('where calls go reads nothing verify has just read', () => {
  it('diga', async () => {
    const result = await run('diga', { 'agent-id': PUBLISHABLE.diga });
    expect(result.exitCode, result.stdout).toBe(0);
    const { afterWrites } = phases();
    expect(afterWrites.length).toBeGreaterThan(0);
    expect(repeated(afterWrites)).toEqual([]);
  });
});
