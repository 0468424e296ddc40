// Where a Retell agent's calls go after a step: every number of the workspace whose inbound or outbound
// list names the agent (phoneNumber.list), not only the numbers in phone-numbers. Each entry's
// agent_version is resolved as Retell does (retell-sdk InboundAgent): a number is itself, `latest` the
// largest version (often a draft), `latest_published` the newest published one; a tag cannot be resolved
// from the API a release uses, so such a route is reported as unknown. A number with an inbound webhook
// may have its agent overridden per call: named in a warning.
import type { HttpClient } from '../../http/client.ts';
import { array, boolean, object, optional, string, withDefault } from '../shared/decode.ts';
import { compact, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { RouteKey, RouteReading, WhereCapability } from '../types.ts';
import { DIRECTIONS, entry, LATEST_PUBLISHED, shareOf, type Direction, type Entry } from './routing.ts';
import { versionsNewestFirst } from './versions.ts';

const LATEST = 'latest';

/** What `latest` and `latest_published` resolve to; undefined where the agent has no such version. */
interface Known {
  readonly latest: number | undefined;
  readonly published: number | undefined;
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

/** The largest version and the newest published one: what `latest` and `latest_published` resolve to. */
async function resolvers(http: HttpClient, agentId: string): Promise<Known> {
  let latest: number | undefined;
  let published: number | undefined;
  for await (const version of versionsNewestFirst(http, agentId)) {
    latest ??= version.version;
    if (version.published) {
      published = version.version;
      break;
    }
  }
  return { latest, published };
}

/** The concrete version an entry serves; undefined for a tag (not readable here) or an entry without one. */
function resolve(version: Entry['version'], known: Known) {
  if (typeof version === 'number') return version;
  if (version === LATEST) return known.latest;
  if (version === LATEST_PUBLISHED) return known.published;
  return undefined;
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
      typeof item.version === 'string' ? [`${item.version} → ${resolved[i] ?? 'unresolved'}`] : [],
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
  const isNamed = named.some((route) => route.target === number.phoneNumber && route.direction === direction);
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

const NOTHING_TO_RESOLVE: Known = { latest: undefined, published: undefined };

/** A route of the agent: it names the agent, or the step changed it (and it may have lost every entry). */
function carries(number: RetellNumber, direction: Direction, agentId: string, named: readonly RouteKey[]) {
  return (
    number.lists[direction].some((item) => item.agentId === agentId) ||
    named.some((route) => route.target === number.phoneNumber && route.direction === direction)
  );
}

export const retellWhere: WhereCapability = {
  async read({ http, target }, plan, named) {
    const own: RetellNumber[] = [];
    for await (const number of numbers(http))
      if (DIRECTIONS.some((direction) => carries(number, direction, target.agentId, named))) own.push(number);
    const floating = own.some((number) =>
      DIRECTIONS.some((direction) =>
        number.lists[direction].some(
          (item) => item.agentId === target.agentId && typeof item.version === 'string',
        ),
      ),
    );
    // The version list only where an entry names latest, latest_published or a tag.
    const known = floating ? await resolvers(http, target.agentId) : NOTHING_TO_RESOLVE;
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
