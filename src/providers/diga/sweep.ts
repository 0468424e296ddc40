// After a Diga publish or rollback, every number of the agent must serve the target version. Diga keeps
// one published version per agent, but Update Phone says a number stores a version of its own ("Assigning
// a version publishes it"), and what a publish does to the numbers it does not name is undocumented. So
// verify reads the published versions: more than one means some number still serves another; each
// number the publish did not name is then moved with Update Phone (PATCH /v1/phone/{phone_id}) through the
// one safe-write loop, or the step fails naming the numbers. A publish Diga refuses for the same rule
// fails with nothing changed, naming the numbers.
import { ProviderStatusError, StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { safeWrite } from '../../http/safe-write.ts';
import { encodePath } from '../../http/url.ts';
import type { Logger } from '../../log.ts';
import { at } from '../shared/json.ts';
import type { Plan } from '../types.ts';
import { numberName, servingNumbers, type DigaNumber } from './numbers.ts';
import { DIRECTIONS, type DigaState } from './phones.ts';
import { readVersions, type DigaVersion } from './versions.ts';

const RULE = 'Diga keeps one published version per agent, and a number that serves another blocks the change';

async function publishedIds(http: HttpClient, agentId: string): Promise<string[]> {
  return (await readVersions(http, agentId))
    .filter((version) => version.published)
    .map((version) => version.id);
}

/** The numbers the publish body named: they serve what it published. */
function namedByPublish(plan: Plan<DigaState>): string[] {
  const body = plan.write?.body;
  return DIRECTIONS.flatMap(({ field }) => {
    const id = at(body, field);
    return typeof id === 'string' ? [id.toLowerCase()] : [];
  });
}

async function movePhone(http: HttpClient, log: Logger, agentId: string, phone: DigaNumber, target: string) {
  const field = phone.direction === 'inbound' ? 'inbound_version_id' : 'outbound_version_id';
  await safeWrite({
    what: `Diga agent ${agentId}: number ${numberName(phone)}`,
    subject: `the published versions of agent ${agentId}`,
    http,
    log,
    send: () =>
      http.request({
        method: 'PATCH',
        path: encodePath`/v1/phone/${phone.id}`,
        body: { [field]: target },
        idempotent: false,
      }),
    reread: () => publishedIds(http, agentId),
    // Assigning the same version again changes nothing, so "not yet" is safe to send again.
    landed: (published) => (published.length === 1 && published[0] === target ? 'landed' : 'not-landed'),
  });
}

/**
 * Moves every number the publish did not name to `target` when, in `versions` as verify read them, another
 * version is still published. `numbers`: the agent's numbers as verify read them, if it could. Returns
 * whether it had to (numbers may have been moved: what verify read is then out of date).
 */
export async function sweepNumbers(
  http: HttpClient,
  log: Logger,
  agentId: string,
  plan: Plan<DigaState>,
  versions: readonly DigaVersion[],
  numbers: readonly DigaNumber[] | undefined,
): Promise<boolean> {
  const target = plan.next?.id;
  if (target === undefined) return false;
  if (versions.every((version) => !version.published || version.id === target)) return false;
  const named = namedByPublish(plan);
  const lagging = (numbers ?? (await servingNumbers(http, agentId))).filter(
    (phone) => !named.includes(phone.id),
  );
  const version = plan.next?.number === undefined ? target : `v${plan.next.number}`;
  for (const phone of lagging) {
    const name = numberName(phone);
    log.info(
      `Diga agent ${agentId}: moving number ${name} to ${version} (another version is still published)`,
    );
    // Which number serves the other version is not readable: one that serves the target already may be
    // refused (the rule below) while the lagging one is not; the read that follows decides.
    await movePhone(http, log, agentId, phone, target).catch((error: unknown) => {
      if (!(error instanceof ProviderStatusError) || error.status !== 400) throw error;
      log.info(`Diga agent ${agentId}: number ${name} was not moved: ${error.message}`);
    });
  }
  const after = await publishedIds(http, agentId);
  if (after.length === 1 && after[0] === target) return true;
  throw new StateError(
    `After the change, Diga still publishes ${after.length} versions of agent ${agentId}, so a number may still serve another one (numbers of the agent: ${lagging.map((phone) => numberName(phone)).join(', ') || 'none found'}).`,
    `Assign ${version} to every number of the agent in Diga → Phones, then re-run: ${RULE}.`,
  );
}

/** A 400 from the publish while other numbers serve the agent: the one-published-version rule, with the numbers named. */
export async function refusedForOtherNumbers(
  error: unknown,
  http: HttpClient,
  agentId: string,
  plan: Plan<DigaState>,
): Promise<StateError | undefined> {
  if (!(error instanceof ProviderStatusError) || error.status !== 400) return undefined;
  const named = namedByPublish(plan);
  const others = (await servingNumbers(http, agentId)).filter((phone) => !named.includes(phone.id));
  if (others.length === 0) return undefined;
  return new StateError(
    `Diga refused the publish (${error.message}); nothing was changed. ${RULE}: numbers ${others.map((phone) => numberName(phone)).join(', ')} of agent ${agentId} serve the version published now.`,
    'In Diga → Phones, unbind those numbers from the agent, re-run the step, then bind them again: they then serve the version it published.',
  );
}
