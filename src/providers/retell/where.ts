// Where a Retell agent's calls go after a step: every number of the workspace whose inbound or outbound
// list names the agent (phoneNumber.list), not only the numbers in phone-numbers. Each entry's
// agent_version is resolved as Retell does (retell-sdk InboundAgent): a number is itself, `latest` the
// largest version (often a draft), `latest_published` the newest published one, a tag the version whose
// `assigned_tags` holds it, and a tag no version holds resolves to `latest` ("If the tag exists but is
// currently unassigned, it resolves to latest"). Where the version list leaves `assigned_tags` out (the
// SDK's list item does not name it), a tag cannot be told from an unassigned one: reported as unknown.
// A number with an inbound webhook may have its agent overridden per call: named in a warning.
import type { HttpClient } from '../../http/client.ts';
import { array, boolean, object, optional, string, withDefault } from '../shared/decode.ts';
import { compact, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { RouteKey, RouteReading, WhereCapability } from '../types.ts';
import {
  DIRECTIONS,
  entry,
  LATEST,
  LATEST_PUBLISHED,
  shareOf,
  type Direction,
  type Entry,
} from './routing.ts';
import { versionsNewestFirst } from './versions.ts';
import { sameRoute } from '../../routing/route-key.ts';

/** What `latest`, `latest_published` and the tags resolve to; undefined where the agent has no such version. */
interface Known {
  readonly latest: number | undefined;
  readonly published: number | undefined;
  /** The version each tag asked for is assigned to. */
  readonly tagged: ReadonlyMap<string, number>;
  /** Whether the version list carries `assigned_tags`: only then is a tag it does not name unassigned. */
  readonly tagsListed: boolean;
}

interface RetellNumber {
  readonly phoneNumber: string;
  readonly lists: Record<Direction, readonly Entry[]>;
  readonly webhook: string | undefined;
}

const PAGE = object({
  items: array(
    object({
      phone_number: string,
      inbound_agents: withDefault(array(entry), []),
      outbound_agents: withDefault(array(entry), []),
      inbound_webhook_url: optional(string),
    }),
  ),
  has_more: withDefault(boolean, false),
  pagination_key: optional(string),
});

function numbers(http: HttpClient): AsyncGenerator<RetellNumber> {
  return paginate<RetellNumber, string>('Retell phone numbers', async (paginationKey) => {
    const request = {
      method: 'GET',
      path: '/v2/list-phone-numbers',
      query: compact({ limit: 1000, pagination_key: paginationKey }),
      idempotent: true,
    } as const;
    const body = decodeAnswer(PAGE, (await http.request(request)).json, { provider: 'Retell', request });
    const items = body.items.map((item) => ({
      phoneNumber: item.phone_number,
      lists: { inbound: item.inbound_agents, outbound: item.outbound_agents },
      webhook: item.inbound_webhook_url,
    }));
    return { items, more: body.has_more, next: body.pagination_key };
  });
}

/**
 * The largest version, the newest published one and the versions `tags` are assigned to; the list is read
 * to its end only while a tag is not found (an unassigned tag is known as such only then).
 */
async function resolvers(http: HttpClient, agentId: string, tags: ReadonlySet<string>): Promise<Known> {
  let latest: number | undefined;
  let published: number | undefined;
  const tagged = new Map<string, number>();
  let tagsListed = false;
  for await (const version of versionsNewestFirst(http, agentId)) {
    latest ??= version.version;
    if (version.published) published ??= version.version;
    if (version.tags !== undefined) tagsListed = true;
    for (const tag of version.tags ?? [])
      if (tags.has(tag) && !tagged.has(tag)) tagged.set(tag, version.version);
    if (published !== undefined && tagged.size === tags.size) break;
  }
  return { latest, published, tagged, tagsListed };
}

const isTag = (label: string) => label !== LATEST && label !== LATEST_PUBLISHED;

/** A tag the version list shows on no version: Retell serves `latest` for it. */
const unassigned = (label: string, known: Known) =>
  isTag(label) && known.tagsListed && !known.tagged.has(label);

/** The concrete version an entry serves; undefined where it cannot be told, or for an entry without one. */
function resolve(version: Entry['version'], known: Known) {
  if (typeof version === 'number' || version === undefined) return version;
  if (version === LATEST || unassigned(version, known)) return known.latest;
  if (version === LATEST_PUBLISHED) return known.published;
  return known.tagged.get(version);
}

function resolution(label: string, resolved: number | undefined, known: Known): string {
  const via = unassigned(label, known) ? ` (unassigned) → ${LATEST}` : '';
  return `${label}${via} → ${resolved ?? 'unresolved'}`;
}

function reading(
  number: RetellNumber,
  direction: Direction,
  agentId: string,
  release: string | undefined,
  known: Known,
): RouteReading {
  const entries = number.lists[direction];
  const own = entries.filter((item) => item.agentId === agentId && item.units > 0);
  const resolved = own.map((item) => resolve(item.version, known));
  const note = own
    .flatMap((item, i) =>
      typeof item.version === 'string' ? [resolution(item.version, resolved[i], known)] : [],
    )
    .join(', ');
  const webhook =
    direction === 'inbound' && number.webhook !== undefined
      ? `Retell number ${number.phoneNumber} has an inbound webhook (inbound_webhook_url): its answer may override the agent of each call, so calls may not go where this route says.`
      : undefined;
  const servesRelease =
    release === undefined || resolved.some((version) => version === undefined)
      ? undefined
      : resolved.every((version) => String(version) === release);
  return compact({
    target: number.phoneNumber,
    direction,
    serves: entries.map((item) => shareOf(item, agentId)),
    servesRelease,
    note: note === '' ? undefined : `resolves ${note}`,
    warning: webhook,
  });
}

/** A route the step did not name that follows latest_published: a canary's publish moved all of its calls. */
function followsPublishes(
  number: RetellNumber,
  direction: Direction,
  agentId: string,
  named: readonly RouteKey[],
) {
  const isNamed = named.some((route) => sameRoute(route, { target: number.phoneNumber, direction }));
  return (
    !isNamed &&
    number.lists[direction].some((item) => item.agentId === agentId && item.version === LATEST_PUBLISHED)
  );
}

function bypassWarning(phoneNumber: string, direction: Direction, release: string | undefined): string {
  return `Retell number ${phoneNumber} ${direction} follows ${LATEST_PUBLISHED} and is not in phone-numbers: the publish moved all of its calls to version ${release ?? '(the new one)'}, not traffic-percent of them. For a canary, list it in phone-numbers (it is then pinned first), or pin it to a version.`;
}

function rollbackBypassWarning(
  phoneNumber: string,
  direction: Direction,
  published: number | undefined,
  release: string | undefined,
): string {
  return `Retell number ${phoneNumber} ${direction} follows ${LATEST_PUBLISHED}, which is still version ${published ?? '(unknown)'} (Retell cannot unpublish a version): the rollback does not reach its calls. Pin it to version ${release ?? 'the one rolled back to'} in the Retell dashboard, or list it in phone-numbers and set version.`;
}

function withWarning(read: RouteReading, warning: string): RouteReading {
  return { ...read, warning: read.warning === undefined ? warning : `${read.warning} ${warning}` };
}

const NOTHING_TO_RESOLVE: Known = {
  latest: undefined,
  published: undefined,
  tagged: new Map(),
  tagsListed: false,
};

/** The labels (latest, latest_published, tags) the agent's entries name on these numbers. */
function labelsOf(own: readonly RetellNumber[], agentId: string): Set<string> {
  return new Set(
    own.flatMap((number) =>
      DIRECTIONS.flatMap((direction) =>
        number.lists[direction].flatMap((item) =>
          item.agentId === agentId && typeof item.version === 'string' ? [item.version] : [],
        ),
      ),
    ),
  );
}

/** A route of the agent: it names the agent, or the step changed it (and it may have lost every entry). */
function carries(number: RetellNumber, direction: Direction, agentId: string, named: readonly RouteKey[]) {
  return (
    number.lists[direction].some((item) => item.agentId === agentId) ||
    named.some((route) => sameRoute(route, { target: number.phoneNumber, direction }))
  );
}

export const retellWhere: WhereCapability = {
  async read({ http, target }, plan, named) {
    const own: RetellNumber[] = [];
    for await (const number of numbers(http))
      if (DIRECTIONS.some((direction) => carries(number, direction, target.agentId, named))) own.push(number);
    const labels = labelsOf(own, target.agentId);
    // The version list only where an entry names latest, latest_published or a tag.
    const known =
      labels.size > 0
        ? await resolvers(http, target.agentId, new Set([...labels].filter(isTag)))
        : NOTHING_TO_RESOLVE;
    const canary = plan.write !== undefined && (target.traffic?.basisPoints ?? 10_000) < 10_000;
    return own.flatMap((number) =>
      DIRECTIONS.filter((direction) => carries(number, direction, target.agentId, named)).map((direction) => {
        const read = reading(number, direction, target.agentId, plan.release?.number, known);
        const unnamedFollower = followsPublishes(number, direction, target.agentId, named);
        if (canary && unnamedFollower)
          return withWarning(read, bypassWarning(number.phoneNumber, direction, plan.release?.number));
        if (target.operation === 'rollback' && unnamedFollower && read.servesRelease === false)
          return withWarning(
            read,
            rollbackBypassWarning(number.phoneNumber, direction, known.published, plan.release?.number),
          );
        return read;
      }),
    );
  },
};
