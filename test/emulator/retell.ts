// Retell AI: numbered versions; publishing turns a draft into a published version in place.

import { isPlainObject, json, parseInteger } from './http.ts';
import type { ProviderDefinition, Reply, RouteContext } from './http.ts';
import {
  getPhoneNumber,
  listPhoneNumbers,
  seedPhoneNumbers,
  updatePhoneNumber,
  type RetellPhoneNumber,
} from './retell-phones.ts';
import { retellTestRoutes, seedRetellTesting, type RetellTesting } from './retell-tests.ts';
import { retellAgentFields, retellFlowConfig, retellLlmConfig, type Revision } from './configs.ts';
import { FLEET, RETELL, RETELL_LATEST_VERSION, RETELL_NAMES, RETELL_TAG } from './seed.ts';

/** One version, as list-agent-versions returns it. */
export interface RetellVersion {
  version: number;
  is_published: boolean;
  base_version?: number;
  version_title?: string;
  version_description?: string;
  /** Tags on this version where the reading retellTag is `assigned` (tagsOf). */
  assigned_tags?: string[];
  /** Milliseconds since epoch. */
  last_modification_timestamp: number;
}

export interface RetellAgent {
  agent_id: string;
  agent_name: string;
  voice_id: string;
  llm_id: string;
  /** Set where the agent answers with a conversation flow instead of a Retell LLM. */
  conversation_flow_id?: string;
  /** Versions from this number on hold the "next" configuration (configs.ts); the ones before, the released one. */
  first_draft: number;
  versions: RetellVersion[];
}

export interface RetellState {
  agents: Map<string, RetellAgent>;
  /** "METHOD path" of the requests already answered with a lock 409 (reading retellLock: once). */
  locked: Set<string>;
  /** By E.164 number. */
  phoneNumbers: Map<string, RetellPhoneNumber>;
  /** Test case definitions and the batches started (retell-tests.ts). */
  testing: RetellTesting;
}

type Context = RouteContext<RetellState>;

const error = (status: number, message: string): Reply => json(status, { status: 'error', message });
const badRequest = (): Reply => error(400, 'Invalid request format, please check API reference.');
const notFound = (): Reply => error(404, 'The requested resource was not found.');

/** Reading retellLock 'once': the first list read and the first publish of an agent meet a lock 409. */
function lockConflict({ state, request, readings }: Context): Reply | undefined {
  if (readings.retellLock !== 'once') return undefined;
  const key = `${request.method} ${request.path}`;
  if (state.locked.has(key)) return undefined;
  state.locked.add(key);
  return error(409, 'Lock timeout: the agent is being updated by another request, please retry.');
}

function publishVersion(context: Context): Reply {
  const { state, agentId, request, readings } = context;
  const conflict = lockConflict(context);
  if (conflict) return conflict;
  const body = request.json;
  if (
    !isPlainObject(body) ||
    typeof body.version !== 'number' ||
    !Number.isInteger(body.version) ||
    body.version < 0 ||
    !isOptionalString(body.version_description) ||
    !isOptionalString(body.version_title)
  ) {
    return badRequest();
  }
  const agent = state.agents.get(agentId);
  const version = agent?.versions.find((v) => v.version === body.version);
  if (!agent || !version) return notFound();
  if (version.is_published) return error(400, `Version ${version.version} is already published`);
  version.is_published = true;
  version.last_modification_timestamp = Date.now();
  if (body.version_description !== undefined) version.version_description = body.version_description;
  if (body.version_title !== undefined) version.version_title = body.version_title;
  if (readings.retellAfterPublish === 'new-draft') {
    // As the legacy endpoint did: a fresh draft on top of what was just published.
    agent.versions.push({
      version: latestVersion(agent) + 1,
      is_published: false,
      base_version: version.version,
      last_modification_timestamp: Date.now(),
    });
  }
  return { status: 200 };
}

/** A version's tags as the API answers them: none at all in the reading retellTag `unassigned`. */
function tagsOf(version: RetellVersion, readings: Context['readings']): string[] {
  return readings.retellTag === 'assigned' ? [...(version.assigned_tags ?? [])] : [];
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function listVersions(context: Context): Reply {
  const { state, agentId, query, readings } = context;
  const conflict = lockConflict(context);
  if (conflict) return conflict;
  const limit = parseInteger(query.limit ?? '10');
  const sortOrder = query.sort_order ?? 'descending';
  const after = query.pagination_key === undefined ? undefined : parseInteger(query.pagination_key);
  if (limit === undefined || limit < 1) return badRequest();
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') return badRequest();
  if (query.pagination_key !== undefined && after === undefined) return badRequest();
  const agent = state.agents.get(agentId);
  if (!agent) return notFound();

  const descending = sortOrder === 'descending';
  const sorted = agent.versions.toSorted((a, b) =>
    descending ? b.version - a.version : a.version - b.version,
  );
  // The pagination key is the last version number of the previous page.
  const rest =
    after === undefined ? sorted : sorted.filter((v) => (descending ? v.version < after : v.version > after));
  const items = rest.slice(0, limit).map((v) => ({ ...v, assigned_tags: tagsOf(v, readings) }));
  const hasMore = rest.length > limit;
  const last = items.at(-1);
  return json(200, {
    items,
    has_more: hasMore,
    ...(hasMore && last ? { pagination_key: String(last.version) } : {}),
  });
}

function getAgent({ state, agentId, query, readings }: Context): Reply {
  const agent = state.agents.get(agentId);
  if (!agent) return notFound();
  // Only version numbers are read here: a `version` that names a tag finds nothing.
  const wanted = query.version ? parseInteger(query.version) : latestVersion(agent);
  const version = agent.versions.find((v) => v.version === wanted);
  if (!version) return notFound();
  return json(200, {
    agent_id: agent.agent_id,
    version: version.version,
    is_published: version.is_published,
    base_version: version.base_version ?? null,
    version_title: version.version_title ?? null,
    version_description: version.version_description ?? null,
    assigned_tags: tagsOf(version, readings),
    agent_name: agent.agent_name,
    ...retellAgentFields(revisionOf(agent, version.version), agent.voice_id),
    response_engine:
      agent.conversation_flow_id === undefined
        ? { type: 'retell-llm', llm_id: agent.llm_id, version: version.version }
        : {
            type: 'conversation-flow',
            conversation_flow_id: agent.conversation_flow_id,
            version: version.version,
          },
    last_modification_timestamp: version.last_modification_timestamp,
  });
}

function revisionOf(agent: RetellAgent, version: number): Revision {
  return version >= agent.first_draft ? 'next' : 'released';
}

/** get-retell-llm / get-conversation-flow: the engine's version follows its agent's (one engine per agent here). */
function engineReader(kind: 'llm' | 'flow') {
  return ({ state, params, query }: Context): Reply => {
    const id = kind === 'llm' ? params.llm_id : params.conversation_flow_id;
    const agent = [...state.agents.values()].find((candidate) =>
      kind === 'llm'
        ? candidate.llm_id === id && candidate.conversation_flow_id === undefined
        : candidate.conversation_flow_id === id,
    );
    if (!agent) return notFound();
    const wanted = query.version === undefined ? latestVersion(agent) : parseInteger(query.version);
    const version = agent.versions.find((v) => v.version === wanted);
    if (!version) return notFound();
    const revision = revisionOf(agent, version.version);
    const common = {
      version: version.version,
      is_published: version.is_published,
      last_modification_timestamp: version.last_modification_timestamp,
    };
    return kind === 'llm'
      ? json(200, { llm_id: id, ...common, ...retellLlmConfig(revision) })
      : json(200, { conversation_flow_id: id, ...common, ...retellFlowConfig(revision) });
  };
}

function latestVersion(agent: RetellAgent): number {
  return Math.max(...agent.versions.map((v) => v.version));
}

const SEED_EPOCH_MS = Date.parse('2025-01-06T09:00:00Z');
const HOUR_MS = 3_600_000;

/** Versions 0..latest; those below `firstDraft` are published; drafts are based on the last published one. */
function versions(latest: number, firstDraft: number): RetellVersion[] {
  const list: RetellVersion[] = [];
  for (let n = 0; n <= latest; n++) {
    const version: RetellVersion = {
      version: n,
      is_published: n < firstDraft,
      last_modification_timestamp: SEED_EPOCH_MS + n * HOUR_MS,
    };
    if (n > 0) version.base_version = Math.min(n, firstDraft) - 1;
    if (version.is_published) version.version_title = `Release ${n}`;
    if (n === firstDraft - 1) version.assigned_tags = [RETELL_TAG];
    list.push(version);
  }
  return list;
}

function seed(): RetellState {
  const agents: RetellAgent[] = [
    {
      agent_id: RETELL.withDraft,
      agent_name: RETELL_NAMES.withDraft,
      voice_id: '11labs-Adrian',
      llm_id: 'llm_3c9d1e0f2a4b6c8d0e1f2a3b',
      first_draft: 2,
      versions: versions(RETELL_LATEST_VERSION.withDraft, 2),
    },
    {
      agent_id: RETELL.allPublished,
      agent_name: RETELL_NAMES.allPublished,
      voice_id: '11labs-Myra',
      llm_id: 'llm_7a8b9c0d1e2f3a4b5c6d7e8f',
      first_draft: RETELL_LATEST_VERSION.allPublished + 1,
      versions: versions(RETELL_LATEST_VERSION.allPublished, RETELL_LATEST_VERSION.allPublished + 1),
    },
    {
      agent_id: RETELL.manyVersions,
      agent_name: RETELL_NAMES.manyVersions,
      voice_id: 'openai-Alloy',
      llm_id: 'llm_0f1e2d3c4b5a69788796a5b4',
      conversation_flow_id: 'conversation_flow_5b4a69788796',
      first_draft: 23,
      versions: versions(RETELL_LATEST_VERSION.manyVersions, 23),
    },
    ...FLEET.retell.map((agentId, i) => ({
      agent_id: agentId,
      agent_name: `Fleet ${i + 1}`,
      voice_id: '11labs-Adrian',
      llm_id: `llm_fleet${String(i + 1).padStart(2, '0')}`,
      first_draft: 2,
      versions: versions(2, 2),
    })),
  ];
  return {
    agents: new Map(agents.map((agent) => [agent.agent_id, agent])),
    locked: new Set(),
    phoneNumbers: seedPhoneNumbers(),
    testing: seedRetellTesting(),
  };
}

export const retell: ProviderDefinition<RetellState> = {
  name: 'retell',
  mountPath: '/retell',
  unauthorizedBody: { status: 'error', message: 'API key is missing or invalid.' },
  unknownRouteBody: { status: 'error', message: 'The requested resource was not found.' },
  routes: [
    { method: 'POST', path: '/publish-agent-version/{agent_id}', handle: publishVersion },
    { method: 'GET', path: '/list-agent-versions/{agent_id}', handle: listVersions },
    { method: 'GET', path: '/get-agent/{agent_id}', handle: getAgent },
    { method: 'GET', path: '/get-retell-llm/{llm_id}', handle: engineReader('llm') },
    { method: 'GET', path: '/get-conversation-flow/{conversation_flow_id}', handle: engineReader('flow') },
    { method: 'GET', path: '/get-phone-number/{phone_number}', handle: getPhoneNumber },
    { method: 'GET', path: '/v2/list-phone-numbers', handle: listPhoneNumbers },
    { method: 'PATCH', path: '/update-phone-number/{phone_number}', handle: updatePhoneNumber },
    ...retellTestRoutes,
  ],
  seed,
};
