// Diga: one draft plus numbered versions; at most one version is published, bound to the project's phones.

import {
  booleanProblems,
  bodyProblems,
  enumProblems,
  integerProblems,
  parseBoolean,
  uuidProblems,
  validationFailed,
} from './fastapi.ts';
import { digaConfig } from './configs.ts';
import { isPlainObject, json, parseInteger } from './http.ts';
import type { ProviderDefinition, Reply, RouteContext } from './http.ts';
import {
  DIGA,
  DIGA_NAMES,
  DIGA_PUBLISHED_VERSION,
  DIGA_VERSION_IDS,
  FLEET,
  digaFleetVersionIds,
} from './seed.ts';
import type { DigaAgentRole, DigaVersionIds } from './seed.ts';
import {
  phoneView,
  publishedVersions,
  publishOtherPhones,
  updatePhone,
  type DigaOtherPhone,
} from './diga-phones.ts';

export interface DigaVersion {
  version_id: string;
  /** null for the draft */
  version_number: number | null;
  version_name: string | null;
  is_draft: boolean;
  modified_at: string;
  version_created_at: string | null;
}

export interface DigaAgent {
  agent_id: string;
  name: string;
  description: string | null;
  language: string;
  created_at: string;
  versions: DigaVersion[];
  /** Deciding is_published here keeps "at most one published version" true by construction. */
  published_version_id: string | null;
  inbound_phone_number_id: string | null;
  outbound_phone_number_id: string | null;
  /** Versions numbered above this one, and the draft, hold the "next" configuration (configs.ts). */
  released_up_to: number;
  /** Numbers of the agent that no publish names, each serving a version of its own (diga-phones.ts). */
  other_phones: DigaOtherPhone[];
}

export interface DigaState {
  agents: Map<string, DigaAgent>;
  /** Phone numbers of the project; publishing needs at least one. */
  phoneNumberIds: Set<string>;
}

type Context = RouteContext<DigaState>;

const error = (status: number, error_code: string, message: string): Reply =>
  json(status, { status: 'error', error_code, message });
const badParameter = (): Reply =>
  error(400, 'BAD_PARAMETER', 'Invalid phone number configuration or version');
const agentNotFound = (agentId: string): Reply => error(404, 'AGENT_NOT_FOUND', `Agent ${agentId} not found`);
const versionNotFound = (message: string): Reply => error(404, 'VERSION_NOT_FOUND', message);

const PHONE_FIELDS = ['inbound_phone_number_id', 'outbound_phone_number_id'] as const;
const BODY_UUID_FIELDS = ['version_id', ...PHONE_FIELDS] as const;

// Routes

function publishVersion({ state, agentId, request, readings }: Context): Reply {
  const body = request.json;
  const problems = [
    ...uuidProblems(['path', 'agent_id'], agentId),
    ...bodyProblems(request.body, body, BODY_UUID_FIELDS),
  ];
  if (problems.length > 0 || !isPlainObject(body)) return validationFailed(problems);
  const agent = state.agents.get(agentId.toLowerCase());
  if (!agent) return agentNotFound(agentId);

  const versionId = validatedUuid(body.version_id) ?? null;
  if (versionId !== null) {
    const version = agent.versions.find((v) => v.version_id === versionId);
    if (!version || version.is_draft || state.phoneNumberIds.size === 0) return badParameter();
  }
  for (const field of PHONE_FIELDS) {
    const phoneId = validatedUuid(body[field]);
    if (typeof phoneId === 'string' && !state.phoneNumberIds.has(phoneId)) return badParameter();
  }

  const refused = publishOtherPhones(agent, versionId, readings);
  if (refused !== undefined) return refused;
  agent.published_version_id = versionId;
  // null clears a binding; a field left out keeps it, or clears it too in the other reading.
  for (const field of PHONE_FIELDS) {
    if (field in body) agent[field] = validatedUuid(body[field]) ?? null;
    else if (readings.digaOmittedPhone === 'unbinds') agent[field] = null;
  }
  return json(200, {
    agent_id: agent.agent_id,
    published_version_id: agent.published_version_id,
    outbound_phone_number_id: agent.outbound_phone_number_id,
    inbound_phone_number_id: agent.inbound_phone_number_id,
  });
}

/** A body field that passed uuidProblems, lower-cased as Pydantic's UUID type gives it. */
function validatedUuid(value: unknown): string | null | undefined {
  return typeof value === 'string' ? value.toLowerCase() : (value as null | undefined);
}

function getAgent({ state, agentId, query }: Context): Reply {
  const problems = [
    ...uuidProblems(['path', 'agent_id'], agentId),
    ...uuidProblems(['query', 'version_id'], query.version_id),
    ...booleanProblems('is_published', query.is_published),
  ];
  if (problems.length > 0) return validationFailed(problems);
  const agent = state.agents.get(agentId.toLowerCase());
  if (!agent) return agentNotFound(agentId);

  // is_published=true wins over version_id.
  if (parseBoolean(query.is_published)) {
    const published = agent.versions.find((v) => v.version_id === agent.published_version_id);
    return published
      ? json(200, versionView(agent, published))
      : versionNotFound(`Agent ${agentId} has no published version`);
  }
  const wanted = query.version_id?.toLowerCase();
  const version = agent.versions.find((v) => (wanted === undefined ? v.is_draft : v.version_id === wanted));
  if (!version) return versionNotFound(`Version ${wanted ?? 'draft'} of agent ${agentId} not found`);
  return json(200, versionView(agent, version));
}

function listVersions({ state, agentId, query, readings }: Context): Reply {
  // The rejecting reading: the values are other words than the ones guessed.
  const orders = readings.digaVersionOrder === 'rejected' ? ['ascending', 'descending'] : ['asc', 'desc'];
  const orderProblems = enumProblems('order', query.order, orders);
  const problems = [
    ...uuidProblems(['path', 'agent_id'], agentId),
    ...uuidProblems(['query', 'after'], query.after),
    ...uuidProblems(['query', 'before'], query.before),
    ...integerProblems('page', query.page, 1),
    ...integerProblems('limit', query.limit, 1, 100),
    ...orderProblems,
  ];
  if (problems.length > 0) return validationFailed(problems);
  const agent = state.agents.get(agentId.toLowerCase());
  if (!agent) return agentNotFound(agentId);
  if (query.after !== undefined && query.before !== undefined) return badParameter();

  // The draft has no number and counts as the newest.
  const rank = (v: DigaVersion): number => v.version_number ?? Number.POSITIVE_INFINITY;
  const ascending = (query.order ?? readings.digaDefaultOrder) === 'asc';
  const ordered = agent.versions.toSorted((a, b) => (ascending ? rank(a) - rank(b) : rank(b) - rank(a)));
  const limit = parseInteger(query.limit ?? '10') ?? 10;
  const page = paginate(ordered, limit, query);
  if (!page) return badParameter();
  return json(200, {
    data: page.items.map((v) => versionView(agent, v)),
    ...(readings.digaPaging === 'has-more' ? { has_more: page.hasMore } : {}),
    first_id: page.items[0]?.version_id ?? null,
    last_id: page.items.at(-1)?.version_id ?? null,
    current_page: page.currentPage,
    ...(readings.digaPaging === 'neither'
      ? {}
      : { total_pages: page.currentPage === null ? null : Math.ceil(ordered.length / limit) }),
  });
}

/** GET /v1/phone/: the project's phone numbers, filtered by the agent they route calls to or from. */
function listPhones({ state, query }: Context): Reply {
  const problems = [
    ...uuidProblems(['query', 'inbound_agent_id'], query.inbound_agent_id),
    ...uuidProblems(['query', 'outbound_agent_id'], query.outbound_agent_id),
    ...integerProblems('page', query.page, 1),
    ...integerProblems('limit', query.limit, 1, 100),
    ...enumProblems('order', query.order, ['asc', 'desc']),
  ];
  if (problems.length > 0) return validationFailed(problems);
  const agents = [...state.agents.values()];
  const boundTo = (phoneId: string, field: (typeof PHONE_FIELDS)[number]): string | null =>
    agents.find((agent) => agent[field] === phoneId)?.agent_id ?? null;
  const phones = [...state.phoneNumberIds].sort().map((id, i) => ({
    id,
    number: `+3491000000${i}`,
    telephony_provider: 'netelip',
    status: 'assigned',
    nickname: null,
    released_at: null,
    assigned_at: dayIso(0),
    inbound_agent_id: boundTo(id, 'inbound_phone_number_id'),
    outbound_agent_id: boundTo(id, 'outbound_phone_number_id'),
  }));
  const others = agents.flatMap((agent) =>
    agent.other_phones.map((phone) => ({
      ...phoneView(phone, agent.agent_id),
      released_at: null,
      assigned_at: dayIso(0),
    })),
  );
  const wanted = [...phones, ...others].filter(
    (phone) =>
      (query.inbound_agent_id === undefined ||
        phone.inbound_agent_id === query.inbound_agent_id.toLowerCase()) &&
      (query.outbound_agent_id === undefined ||
        phone.outbound_agent_id === query.outbound_agent_id.toLowerCase()),
  );
  const limit = parseInteger(query.limit ?? '20') ?? 20;
  const pageNumber = parseInteger(query.page ?? '1') ?? 1;
  const items = wanted.slice((pageNumber - 1) * limit, pageNumber * limit);
  return json(200, {
    data: items,
    has_more: pageNumber * limit < wanted.length,
    first_id: items[0]?.id ?? null,
    last_id: items.at(-1)?.id ?? null,
    current_page: pageNumber,
    total_pages: Math.ceil(wanted.length / limit),
  });
}

interface Page {
  items: DigaVersion[];
  hasMore: boolean;
  /** null when paging by cursor */
  currentPage: number | null;
}

/** One page by `after`/`before` cursor, else by page number; undefined when the cursor is not in the list. */
function paginate(ordered: DigaVersion[], limit: number, query: Record<string, string>): Page | undefined {
  const cursor = (query.after ?? query.before)?.toLowerCase();
  if (cursor !== undefined) {
    const index = ordered.findIndex((v) => v.version_id === cursor);
    if (index < 0) return undefined;
    if (query.after !== undefined) {
      return {
        items: ordered.slice(index + 1, index + 1 + limit),
        hasMore: index + 1 + limit < ordered.length,
        currentPage: null,
      };
    }
    const start = Math.max(0, index - limit);
    return { items: ordered.slice(start, index), hasMore: start > 0, currentPage: null };
  }
  const pageNumber = parseInteger(query.page ?? '1') ?? 1;
  const start = (pageNumber - 1) * limit;
  return {
    items: ordered.slice(start, start + limit),
    hasMore: start + limit < ordered.length,
    currentPage: pageNumber,
  };
}

function versionView(agent: DigaAgent, version: DigaVersion): Record<string, unknown> {
  return {
    agent_id: agent.agent_id,
    name: agent.name,
    description: agent.description,
    language: agent.language,
    created_at: agent.created_at,
    ...version,
    is_published: publishedVersions(agent).has(version.version_id),
    ...digaConfig(
      version.version_number !== null && version.version_number <= agent.released_up_to ? 'released' : 'next',
    ),
  };
}

// Seed

const DAY_MS = 86_400_000;
const SEED_EPOCH_MS = Date.parse('2025-02-03T08:00:00.000Z');
const dayIso = (day: number): string => new Date(SEED_EPOCH_MS + day * DAY_MS).toISOString();

interface SeedAgent {
  readonly name: string;
  readonly agentId: string;
  readonly ids: DigaVersionIds;
  /** Versions 1..count are saved; a draft follows. */
  readonly count: number;
  readonly published: number;
  readonly inbound: string | null;
}

function seedAgent({ name, agentId, ids, count, published, inbound }: SeedAgent): DigaAgent {
  const versions: DigaVersion[] = [];
  for (let n = 1; n <= count; n++) {
    const versionId = ids[n];
    if (versionId === undefined) throw new Error(`seed: no id for version ${n} of ${name}`);
    versions.push({
      version_id: versionId,
      version_number: n,
      version_name: `v${n}`,
      is_draft: false,
      modified_at: dayIso(n),
      version_created_at: dayIso(n),
    });
  }
  versions.push({
    version_id: ids.draft,
    version_number: null,
    version_name: null,
    is_draft: true,
    modified_at: dayIso(count + 1),
    version_created_at: null,
  });
  return {
    agent_id: agentId,
    name,
    description: `${name} line`,
    language: 'es-ES',
    created_at: dayIso(0),
    versions,
    published_version_id: ids[published] ?? null,
    inbound_phone_number_id: inbound,
    outbound_phone_number_id: null,
    released_up_to: published,
    other_phones: [],
  };
}

function seedRole(role: DigaAgentRole, count: number, inbound: string | null): DigaAgent {
  return seedAgent({
    name: DIGA_NAMES[role],
    agentId: DIGA[role],
    ids: DIGA_VERSION_IDS[role],
    count,
    published: DIGA_PUBLISHED_VERSION[role],
    inbound,
  });
}

function seed(): DigaState {
  const agents = [
    seedRole('withNewVersion', 3, DIGA.inboundPhone),
    seedRole('upToDate', 1, DIGA.inboundPhone),
    seedRole('manyVersions', 15, null),
    seedRole('longHistory', 130, null),
    ...FLEET.diga.map((agentId, i) =>
      seedAgent({
        name: `Fleet ${i + 1}`,
        agentId,
        ids: digaFleetVersionIds(i + 1),
        count: 2,
        published: 1,
        inbound: null,
      }),
    ),
  ];
  return {
    agents: new Map(agents.map((agent) => [agent.agent_id, agent])),
    phoneNumberIds: new Set([DIGA.inboundPhone, DIGA.outboundPhone]),
  };
}

export const diga: ProviderDefinition<DigaState> = {
  name: 'diga',
  mountPath: '/diga',
  unauthorizedBody: { status: 'error', error_code: 'UNAUTHORIZED', message: 'Invalid or missing API key' },
  // The documented 403 example carries INTERNAL_SERVER_ERROR as its code.
  unauthorized: (readings) =>
    readings.digaBadKey === 403
      ? error(403, 'INTERNAL_SERVER_ERROR', 'Missing required permissions to update agents or phones')
      : undefined,
  unknownRouteBody: { detail: 'Not Found' },
  routes: [
    { method: 'PATCH', path: '/v1/agent/{agent_id}/published_version', handle: publishVersion },
    { method: 'GET', path: '/v1/agent/{agent_id}', handle: getAgent },
    { method: 'GET', path: '/v1/agent/{agent_id}/version', handle: listVersions },
    { method: 'GET', path: '/v1/phone/', handle: listPhones },
    { method: 'PATCH', path: '/v1/phone/{phone_id}', handle: updatePhone },
  ],
  seed,
};
