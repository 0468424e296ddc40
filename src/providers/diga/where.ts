// Where a Diga agent's calls go after a publish or rollback: every number of the agent (List Phones,
// released ones left out). Diga documents one published version "used by all phone numbers assigned to
// your agent"; the answer names no version per number, so while more than one version is published
// (sweep.ts) a number's version is unknown, never guessed.
import type { Plan, RouteReading, WhereCapability } from '../types.ts';
import type { HttpClient } from '../../http/client.ts';
import type { DigaState } from './phones.ts';
import { readAfterWrite, type ReadBack } from './read-back.ts';
import { label } from './versions.ts';
import { numberName } from './numbers.ts';

async function readBoth(http: HttpClient, agentId: string): Promise<ReadBack> {
  const { versions, numbers } = await readAfterWrite(http, agentId);
  if (numbers.status === 'rejected') throw numbers.reason as Error;
  return { versions, numbers: numbers.value };
}

export const digaWhere: WhereCapability<DigaState> = {
  // Verify may move numbers that still serve another version (sweep.ts): read after it.
  afterVerify: true,
  async read({ http, target }, plan: Plan<DigaState>) {
    // What verify read right after the write, where it moved no number after: the state now.
    const { numbers, versions } = plan.state?.readBack ?? (await readBoth(http, target.agentId));
    const published = versions.filter((version) => version.published);
    const [only] = published;
    return numbers.map((phone): RouteReading => {
      const route = { target: numberName(phone), direction: phone.direction, asked: true };
      if (only === undefined || published.length > 1)
        return {
          ...route,
          unreadable: `Diga publishes ${published.length === 0 ? 'no version' : published.map(label).join(' and ')} of this agent; which one this number serves is not readable`,
        };
      return {
        ...route,
        serves: [{ version: label(only), weight: '1' }],
        servesRelease: only.id === plan.release?.id,
      };
    });
  },
};
