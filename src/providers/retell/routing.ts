// Retell phone numbers: each routes its inbound and its outbound calls to a weighted list of agent
// versions (retell-sdk phoneNumber.retrieve / phoneNumber.update). One route per number and direction;
// only this agent's entries ever change, and a number without them is never taken.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import {
  array,
  either,
  number,
  object,
  optional,
  ShapeError,
  string,
  type Decoder,
} from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import type {
  AdapterContext,
  PlannedRoute,
  RollbackChoice,
  RouteAsk,
  RouteChange,
  RoutingCapability,
  Share,
} from '../types.ts';
import { planShares, sameShares } from '../../routing/split.ts';
import { exactWeights, unitsOf, weightText } from '../../routing/weights.ts';
import { routeName, sharesText } from '../../routing/names.ts';
import type { RouteKey } from '../../routing/types.ts';
import { pinnedShares, refuseFloatingRest } from './pinning.ts';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const LIST: Record<Direction, 'inbound_agents' | 'outbound_agents'> = {
  inbound: 'inbound_agents',
  outbound: 'outbound_agents',
};
/** An entry without agent_version: what it serves is not documented, so it is never kept as it is. */
const UNSET = '(no version)';
/** Follows every publish by itself. */
export const LATEST_PUBLISHED = 'latest_published';
/** The most recently created version, usually the draft being edited. */
export const LATEST = 'latest';

/** One list entry as read, its raw version kept so that another agent's entry is sent back as it came. */
export interface Entry {
  readonly agentId: string;
  readonly version: number | string | undefined;
  readonly units: number;
  /** The weight as read: sent back with the entry, and counted as sent. */
  readonly weight: number;
  readonly raw: unknown;
}

/** The path as retell-sdk builds it: the E.164 "+" stays as it is (its path encoder keeps sub-delims). */
export function phonePath(
  operation: 'get-phone-number' | 'update-phone-number',
  phoneNumber: string,
): string {
  return `/${operation}/${encodeURIComponent(phoneNumber).replace(/^%2B/, '+')}`;
}

const ENTRY_FIELDS = object({
  agent_id: string,
  agent_version: optional(either(number, string, 'a version number or name')),
  weight: number,
});

/** One list entry; the weight must be a fraction of 1. */
export const entry: Decoder<Entry> = (value, path) => {
  const fields = ENTRY_FIELDS(value, path);
  const units = unitsOf(fields.weight);
  if (Number.isNaN(units)) throw new ShapeError(`${path}.weight`, 'a number from 0 to 1', fields.weight);
  return {
    agentId: fields.agent_id,
    version: fields.agent_version,
    units,
    weight: fields.weight,
    raw: value,
  };
};

const NUMBER_ANSWER = object({
  inbound_agents: optional(array(entry)),
  outbound_agents: optional(array(entry)),
});

export async function readNumber(http: HttpClient, phoneNumber: string): Promise<Record<Direction, Entry[]>> {
  const request = {
    method: 'GET',
    path: phonePath('get-phone-number', phoneNumber),
    idempotent: true,
    acceptStatus: [404],
  } as const;
  const response = await http.request(request);
  // A 404 here is about the number, not the agent: the generic hint would send the reader to agent-id.
  if (response.status === 404)
    throw new StateError(
      `Retell has no phone number ${phoneNumber} for this key (HTTP 404).`,
      'Check phone-numbers: list numbers of the Retell workspace of this key, in E.164 form (+14155550101), as its Phone Numbers page shows them.',
    );
  const body = decodeAnswer(NUMBER_ANSWER, response.json, { provider: 'Retell', request });
  return { inbound: body.inbound_agents ?? [], outbound: body.outbound_agents ?? [] };
}

export function shareOf(entry: Entry, agentId: string): Share {
  const share = {
    version: entry.version === undefined ? UNSET : String(entry.version),
    weight: weightText(entry.units),
  };
  return entry.agentId === agentId ? share : { ...share, agentId: entry.agentId };
}

/** The number's routes that carry this agent; a number bound only to others, or to nobody, is refused. */
function ownRoutes(phoneNumber: string, lists: Record<Direction, Entry[]>, agentId: string): Direction[] {
  const own = DIRECTIONS.filter((direction) => lists[direction].some((entry) => entry.agentId === agentId));
  if (own.length > 0) return own;
  const others = [
    ...new Set(DIRECTIONS.flatMap((direction) => lists[direction].map((entry) => entry.agentId))),
  ];
  if (others.length > 0)
    throw new StateError(
      `Retell number ${phoneNumber} routes its calls to another agent (${others.join(', ')}), not to agent ${agentId}; nothing was changed.`,
      `Remove ${phoneNumber} from phone-numbers, or bind it to agent ${agentId} in the Retell dashboard first: the action never takes a number from another agent.`,
    );
  throw new StateError(
    `Retell number ${phoneNumber} routes its calls to no agent; nothing was changed.`,
    `Bind ${phoneNumber} to agent ${agentId} in the Retell dashboard first, or remove it from phone-numbers.`,
  );
}

/**
 * The list to send: this agent's entries as planned; the other agents' entries exactly as they were read
 * (planShares keeps them last, in their order).
 */
function wireList(
  route: RouteKey,
  after: readonly Share[],
  units: readonly number[],
  agentId: string,
  entries: readonly Entry[],
) {
  const others = entries.filter((entry) => entry.agentId !== agentId).map((entry) => entry.raw);
  const own = after.filter((share) => share.agentId === undefined);
  if (own.some((share) => share.version === UNSET))
    throw new StateError(
      `A route of agent ${agentId} has an entry without agent_version, and part of its calls would stay on it.`,
      'Pin the number to a version in the Retell dashboard, or set traffic-percent to 100.',
    );
  const weights = exactWeights(
    own.map((_, i) => units[i] ?? 0),
    entries.filter((entry) => entry.agentId !== agentId).map((entry) => entry.weight),
  );
  if (weights === undefined)
    throw new StateError(
      `The weights of ${routeName(route)} cannot be sent so that they add up to exactly 1, as Retell requires: the other agents' entries alone take ${sharesText(after.filter((share) => share.agentId !== undefined))}; nothing was changed.`,
      `Fix the other agents' weights on ${route.target} in the Retell dashboard, then re-run.`,
    );
  return [
    ...own.map((share, i) => ({
      agent_id: agentId,
      agent_version: /^\d+$/.test(share.version) ? Number(share.version) : share.version,
      weight: weights[i] ?? 0,
    })),
    ...others,
  ];
}

function planRoute(
  context: AdapterContext,
  ask: RouteAsk,
  phoneNumber: string,
  direction: Direction,
  entries: readonly Entry[],
): PlannedRoute {
  const { agentId } = context.target;
  const before = entries.map((entry) => shareOf(entry, agentId));
  const follows =
    context.target.operation === 'publish' &&
    ask.kind === 'share' &&
    before.every((share) => share.agentId !== undefined || share.version === LATEST_PUBLISHED);
  const route = { target: phoneNumber, direction, before };
  if (follows && ask.basisPoints === 10_000)
    return { ...route, after: before, note: `follows ${LATEST_PUBLISHED}, so publishes reach it already` };
  refuseFloatingRest(`${phoneNumber} ${direction}`, before, ask, [LATEST_PUBLISHED, UNSET]);
  const planned = planShares(before, ask, { target: phoneNumber, direction }, { floating: LATEST_PUBLISHED });
  if (sameShares(planned.after, before)) return { ...route, after: before };
  const body = { [LIST[direction]]: wireList(route, planned.after, planned.units, agentId, entries) };
  const pinned = pinnedShares(before, ask);
  return {
    ...route,
    after: planned.after,
    ...(pinned === undefined ? {} : { pinnedBefore: pinned }),
    ...(planned.note === undefined ? {} : { note: planned.note }),
    write: { method: 'PATCH', path: phonePath('update-phone-number', phoneNumber), body, idempotent: false },
  };
}

export const retellRouting: RoutingCapability = {
  targets: 'phone-numbers',

  async plan(context, ask) {
    const routes: PlannedRoute[] = [];
    // Every number is read (and refused if it is not this agent's) before any write is sent.
    for (const phoneNumber of context.target.traffic?.targets ?? []) {
      const lists = await readNumber(context.http, phoneNumber);
      for (const direction of ownRoutes(phoneNumber, lists, context.target.agentId))
        routes.push(planRoute(context, ask, phoneNumber, direction, lists[direction]));
    }
    return routes;
  },

  async read({ http, target }, route: RouteChange) {
    const lists = await readNumber(http, route.target);
    const direction = route.direction === 'outbound' ? 'outbound' : 'inbound';
    return lists[direction].map((entry) => shareOf(entry, target.agentId));
  },

  async rollbackChoice({ http, target }): Promise<RollbackChoice | undefined> {
    const versions = new Set<number>();
    const carriers: string[] = [];
    for (const phoneNumber of target.traffic?.targets ?? []) {
      const lists = await readNumber(http, phoneNumber);
      const own = ownRoutes(phoneNumber, lists, target.agentId).flatMap((direction) =>
        lists[direction].filter((entry) => entry.agentId === target.agentId && entry.units > 0),
      );
      const numbered = new Set(
        own.flatMap((entry) => (typeof entry.version === 'number' ? [entry.version] : [])),
      );
      if (numbered.size > 1) carriers.push(phoneNumber);
      for (const version of numbered) versions.add(version);
    }
    const sorted = [...versions].sort((a, b) => a - b);
    if (sorted.length > 2)
      throw new StateError(
        `The listed Retell numbers route agent ${target.agentId} to more than two versions (${sorted.join(', ')}), so there is no single canary to roll back.`,
        'Set version to the version to put back.',
      );
    const [older] = sorted;
    // A canary in progress: the newer version has a share, the older one the rest; rolling back keeps the older.
    if (sorted.length === 2 && older !== undefined)
      return {
        version: { number: String(older) },
        source: `the canary in progress on ${carriers.join(', ')}`,
      };
    return undefined;
  },
};
