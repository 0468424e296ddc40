// `npm run emulator` tells a person what a publish does to each seeded agent: the action, run on
// each, must do just that.
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type SeededAgent } from '../emulator/catalogue.ts';
import { PROVIDERS, type ProviderName } from '../emulator/seed.ts';
import { useInProcess } from '../support/in-process.ts';

const { run } = useInProcess();

/** The status and version a catalogue line promises: "publishes version 4", "nothing …", "fails: …". */
function promised(agent: SeededAgent): { status: string; version?: string } {
  if (agent.publish.startsWith('nothing')) return { status: 'unchanged' };
  if (agent.publish.startsWith('fails')) return { status: 'failed' };
  const version = /^publishes v(?:ersion )?(\d+)/.exec(agent.publish)?.[1];
  return version === undefined ? { status: 'published' } : { status: 'published', version };
}

const cases = PROVIDERS.flatMap((provider) =>
  CATALOGUE[provider].map((agent) => [`${provider} ${agent.name}`, provider, agent] as const),
);

describe('the seeded agents npm run emulator lists', () => {
  it.each(cases)('%s: a publish does what the list says', async (_, provider: ProviderName, agent) => {
    const result = await run(provider, { 'agent-id': agent.id });
    expect(result.outputs).toMatchObject(promised(agent));
  });
});
