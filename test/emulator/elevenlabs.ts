// ElevenLabs Agents: branches collect a draft that a commit turns into a version; a deployment splits live
// traffic between branches by fraction; the deployment history is kept, newest first.
// The open points of shared/providers.md §13 and §14 are switchable readings (test/emulator/readings.ts).

import { booleanProblems, integerProblems, parseBoolean, validationFailed } from './fastapi.ts';
import type { ValidationError } from './fastapi.ts';
import {
  elevenLabsTestRoutes,
  platformSettings,
  seedElevenLabsTesting,
  type ElevenLabsTesting,
} from './elevenlabs-tests.ts';
import { elevenLabsConfig, type Revision } from './configs.ts';
import { isPlainObject, json, parseInteger } from './http.ts';
import type { Readings } from './readings.ts';
import type { ProviderDefinition, RecordedRequest, Reply, RouteContext } from './http.ts';
import {
  ELEVENLABS,
  ELEVENLABS_NAMES,
  FLEET,
  elevenLabsBranchId,
  elevenLabsVersionId,
  type ElevenLabsAgentRole,
} from './seed.ts';

export interface ElevenLabsVersion {
  id: string;
  branch_id: string;
  version_description: string;
  seq_no_in_branch: number;
  time_committed_secs: number;
}

export interface ElevenLabsBranch {
  id: string;
  name: string;
  description: string;
  created_at: number;
  is_archived: boolean;
  parent_branch_id?: string;
  /** Oldest first; the last one is the branch's tip. */
  versions: ElevenLabsVersion[];
  /** Whether the key's user has uncommitted changes on this branch. */
  draft: boolean;
  /** The key's user's draft was written against an earlier tip (draft_is_behind_tip). */
  draftBehindTip?: boolean;
  /** Versions from this seq on, and a pending draft, hold the "next" configuration (configs.ts). */
  next_from_seq: number;
}

export interface ElevenLabsDeployment {
  id: string;
  /** Fractions of 1, as the deployment request sent them. */
  traffic_percentage_branch_id_map: Record<string, number>;
  deployed_at_unix_secs: number;
}

export interface ElevenLabsAgent {
  agent_id: string;
  name: string;
  main_branch_id: string;
  branches: ElevenLabsBranch[];
  /** Newest first; the first one is live. Empty for an agent that was never deployed. */
  deployments: ElevenLabsDeployment[];
  /** The live split when the history is empty (a new agent's main branch serves everything). */
  initialSplit: Record<string, number>;
  /** The agent's phone numbers; `branch_id` pins a number's calls to a branch. */
  phone_numbers: ElevenLabsNumber[];
}

export interface ElevenLabsNumber {
  phone_number: string;
  phone_number_id: string;
  label: string;
  provider: 'twilio';
  assigned_agent: { agent_id: string; agent_name: string; branch_id?: string };
}

export interface ElevenLabsState {
  agents: Map<string, ElevenLabsAgent>;
  /** The agent tests, their attachments and the invocations started (elevenlabs-tests.ts). */
  testing: ElevenLabsTesting;
  /** Seconds since the epoch of the next write; each write moves it on by a minute. */
  clock: number;
}

type Context = RouteContext<ElevenLabsState>;

const error = (status: number, code: string, message: string): Reply =>
  json(status, { detail: { status: code, message } });
const agentNotFound = (agentId: string): Reply =>
  error(404, 'agent_not_found', `Agent ${agentId} was not found.`);
const branchNotFound = (branchId: string): Reply =>
  error(404, 'branch_not_found', `Branch ${branchId} was not found.`);

/** Fraction digits a traffic share may have for the exact sum below. */
const DECIMALS = 12;

// Reads

function liveSplit(agent: ElevenLabsAgent): Record<string, number> {
  return agent.deployments[0]?.traffic_percentage_branch_id_map ?? agent.initialSplit;
}

function branchView(readings: Readings, agent: ElevenLabsAgent, branch: ElevenLabsBranch) {
  const tip = branch.versions.at(-1);
  const share = liveSplit(agent)[branch.id] ?? 0;
  return {
    id: branch.id,
    name: branch.name,
    agent_id: agent.agent_id,
    description: branch.description,
    created_at: branch.created_at,
    last_committed_at: tip?.time_committed_secs ?? branch.created_at,
    is_archived: branch.is_archived,
    current_live_percentage: readings.elevenLabsLivePercentage === 'percent' ? share * 100 : share,
    ...(branch.parent_branch_id === undefined ? {} : { parent_branch_id: branch.parent_branch_id }),
  };
}

function versionView(agent: ElevenLabsAgent, version: ElevenLabsVersion) {
  const previous = agent.branches
    .find((branch) => branch.id === version.branch_id)
    ?.versions.find((other) => other.seq_no_in_branch === version.seq_no_in_branch - 1);
  return {
    ...version,
    agent_id: agent.agent_id,
    parents: previous ? { in_branch_parent_id: previous.id } : {},
  };
}

function agentView(
  { state, readings }: Pick<Context, 'state' | 'readings'>,
  agent: ElevenLabsAgent,
  branch: ElevenLabsBranch,
  revision: Revision = 'released',
) {
  return {
    platform_settings: platformSettings(state, agent.agent_id),
    agent_id: agent.agent_id,
    name: agent.name,
    conversation_config: elevenLabsConfig(revision),
    metadata: { created_at_unix_secs: branch.created_at, updated_at_unix_secs: branch.created_at },
    version_id: branch.versions.at(-1)?.id ?? null,
    branch_id: branch.id,
    ...(readings.elevenLabsMainBranch === 'present' ? { main_branch_id: agent.main_branch_id } : {}),
    phone_numbers: agent.phone_numbers.map((number) => ({
      ...number,
      assigned_agent: { ...number.assigned_agent },
    })),
  };
}

function findAgent(state: ElevenLabsState, agentId: string): ElevenLabsAgent | undefined {
  return state.agents.get(agentId);
}

function findBranch(agent: ElevenLabsAgent, branchId: string | undefined): ElevenLabsBranch | undefined {
  return agent.branches.find((branch) => branch.id === (branchId ?? agent.main_branch_id));
}

const revisionOf = (branch: ElevenLabsBranch, seq: number): Revision =>
  seq >= branch.next_from_seq ? 'next' : 'released';

/**
 * `version_id`: that version's configuration. `branch_id` alone: the pending draft (reading
 * elevenLabsDraftRead 'pending-draft') or the branch's last commit ('last-commit'): undocumented.
 */
function getAgent(context: Context): Reply {
  const { state, agentId, query, readings } = context;
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  if (query.version_id !== undefined) {
    const owner = agent.branches.find((candidate) =>
      candidate.versions.some((v) => v.id === query.version_id),
    );
    const version = owner?.versions.find((v) => v.id === query.version_id);
    if (!owner || !version)
      return error(404, 'version_not_found', `Version ${query.version_id} was not found.`);
    return json(200, {
      ...agentView(context, agent, owner, revisionOf(owner, version.seq_no_in_branch)),
      version_id: version.id,
    });
  }
  const branch = findBranch(agent, query.branch_id);
  if (!branch) return branchNotFound(query.branch_id ?? '');
  const tip = revisionOf(branch, branch.versions.at(-1)?.seq_no_in_branch ?? 0);
  const draft = branch.draft && readings.elevenLabsDraftRead === 'pending-draft';
  return json(200, agentView(context, agent, branch, draft ? 'next' : tip));
}

function listBranches({ state, agentId, query, readings }: Context): Reply {
  const problems = [
    ...booleanProblems('include_archived', query.include_archived),
    ...booleanProblems('include_commit_status', query.include_commit_status),
    ...integerProblems('limit', query.limit, 1, 100),
  ];
  if (problems.length > 0) return validationFailed(problems);
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const withStatus = parseBoolean(query.include_commit_status) === true;
  const listed = agent.branches.filter(
    (branch) => !branch.is_archived || parseBoolean(query.include_archived) === true,
  );
  const limit = parseInteger(query.limit ?? '100') ?? 100;
  const results = listed.slice(0, limit).map((branch) => ({
    ...branchView(readings, agent, branch),
    ...(withStatus
      ? { draft_exists: branch.draft, draft_is_behind_tip: branch.draft && branch.draftBehindTip === true }
      : {}),
  }));
  return json(200, { results, meta: { total: listed.length, page: 1, page_size: limit } });
}

function getBranch({ state, agentId, params, readings }: Context): Reply {
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const branch = findBranch(agent, params.branch_id);
  if (!branch) return branchNotFound(params.branch_id ?? '');
  const recent = branch.versions.slice(-10).reverse();
  return json(200, {
    ...branchView(readings, agent, branch),
    most_recent_versions: recent.map((version) => versionView(agent, version)),
  });
}

function getVersion({ state, agentId, params }: Context): Reply {
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const version = agent.branches
    .flatMap((branch) => branch.versions)
    .find((candidate) => candidate.id === params.version_id);
  if (!version) return error(404, 'version_not_found', `Version ${params.version_id ?? ''} was not found.`);
  return json(200, versionView(agent, version));
}

/** A stored split (fractions) in the scale the reading plays. */
function scaled(map: Record<string, number>, readings: Readings): Record<string, number> {
  if (readings.elevenLabsTrafficScale === 'fraction') return { ...map };
  return Object.fromEntries(
    Object.entries(map).map(([branch, share]) => [branch, Math.round(share * 1e10) / 1e8]),
  );
}

function listDeployments({ state, agentId, query, readings }: Context): Reply {
  const problems = [
    ...integerProblems('page', query.page, 1),
    ...integerProblems('page_size', query.page_size, 1, 100),
  ];
  if (problems.length > 0) return validationFailed(problems);
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const page = parseInteger(query.page ?? '1') ?? 1;
  const pageSize = parseInteger(query.page_size ?? '10') ?? 10;
  const results = agent.deployments.slice((page - 1) * pageSize, page * pageSize).map((deployment) => ({
    ...deployment,
    traffic_percentage_branch_id_map: scaled(deployment.traffic_percentage_branch_id_map, readings),
    is_active: deployment === agent.deployments[0],
  }));
  return json(200, { results, meta: { total: agent.deployments.length, page, page_size: pageSize } });
}

// Writes

/** PATCH with `branch_id` in the query: a body with only `version_description` is a commit (see readings). */
function updateAgent(context: Context): Reply {
  const { state, agentId, query, request, readings } = context;
  const body = request.json;
  if (!isPlainObject(body)) return validationFailed(bodyMissing(request));
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const branch = findBranch(agent, query.branch_id);
  if (!branch) return branchNotFound(query.branch_id ?? '');
  const description = typeof body.version_description === 'string' ? body.version_description : '';
  const commit = readings.elevenLabsCommit;
  if ((commit === 'commits-draft' && branch.draft) || commit === 'empty-version') {
    const seq = (branch.versions.at(-1)?.seq_no_in_branch ?? 0) + 1;
    branch.versions.push({
      id: elevenLabsVersionId(branch.id, seq),
      branch_id: branch.id,
      version_description: description,
      seq_no_in_branch: seq,
      time_committed_secs: tick(state),
    });
    if (commit === 'commits-draft') branch.draft = false;
    // A version made from the tip holds what the tip held, not the pending changes.
    else branch.next_from_seq = Math.max(branch.next_from_seq, seq + 1);
  }
  return json(200, agentView(context, agent, branch));
}

function createDeployment({ state, agentId, request, readings }: Context): Reply {
  const scale = readings.elevenLabsTrafficScale === 'percent' ? 100 : 1;
  const requests = deploymentRequests(request, scale);
  if (!Array.isArray(requests)) return validationFailed(requests.problems);
  const agent = findAgent(state, agentId);
  if (!agent) return agentNotFound(agentId);
  const withMain = requests.some(({ branchId, share }) => branchId === agent.main_branch_id && share > 0);
  if (readings.elevenLabsSplitWithoutMain === 'refused' && !withMain) {
    const msg = 'The main branch must be part of every deployment';
    return validationFailed([{ type: 'value_error', loc: ['body', 'deployment_request'], msg, input: null }]);
  }
  const map: Record<string, number> = {};
  for (const { branchId, share } of requests) {
    const branch = findBranch(agent, branchId);
    if (!branch || branch.is_archived) return branchNotFound(branchId);
    if (branch.versions.length === 0)
      return error(400, 'branch_has_no_versions', `Branch ${branchId} has no committed version.`);
    if (share > 0) map[branchId] = share / scale;
  }
  const deployment: ElevenLabsDeployment = {
    id: `agtdep_${agent.agent_id.slice(6, 14)}${agent.deployments.length + 1}`.padEnd(32, '0'),
    traffic_percentage_branch_id_map: map,
    deployed_at_unix_secs: tick(state),
  };
  agent.deployments.unshift(deployment);
  return json(200, { traffic_percentage_branch_id_map: scaled(map, readings) });
}

type DeploymentRequests = { branchId: string; share: number }[] | { problems: ValidationError[] };

/** The body's requests, or the 422 problems; the shares, as written in decimal, must add up to exactly `scale`. */
function deploymentRequests(request: RecordedRequest, scale: number): DeploymentRequests {
  const body = request.json;
  const requests =
    isPlainObject(body) && isPlainObject(body.deployment_request)
      ? body.deployment_request.requests
      : undefined;
  const loc = ['body', 'deployment_request', 'requests'];
  if (!Array.isArray(requests) || requests.length === 0)
    return { problems: [{ type: 'missing', loc, msg: 'Field required', input: body }] };
  const read = requests.map((item: unknown) => {
    const strategy = isPlainObject(item) ? item.deployment_strategy : undefined;
    const share = isPlainObject(strategy) ? strategy.traffic_percentage : undefined;
    const branchId = isPlainObject(item) ? item.branch_id : undefined;
    return typeof branchId === 'string' && typeof share === 'number' && share >= 0 && share <= scale
      ? { branchId, share }
      : undefined;
  });
  if (read.some((item) => item === undefined))
    return {
      problems: [
        {
          type: 'value_error',
          loc,
          msg: `Each request needs a branch_id and a traffic_percentage from 0 to ${scale}`,
          input: requests,
        },
      ],
    };
  const valid = read.filter((item) => item !== undefined);
  const total = valid.reduce<bigint | undefined>((sum, { share }) => {
    const units = decimalUnits(share);
    return sum === undefined || units === undefined ? undefined : sum + units;
  }, 0n);
  if (total !== BigInt(scale) * 10n ** BigInt(DECIMALS)) {
    const msg = `Traffic percentages must add up to exactly ${scale}`;
    return { problems: [{ type: 'value_error', loc, msg, input: valid.map(({ share }) => share) }] };
  }
  return valid;
}

/** The number as written in JSON, in units of 10^-DECIMALS; undefined when it has more digits. */
function decimalUnits(value: number): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(value));
  const fraction = match?.[2] ?? '';
  if (match?.[1] === undefined || fraction.length > DECIMALS) return undefined;
  return BigInt(match[1] + fraction.padEnd(DECIMALS, '0'));
}

function bodyMissing(request: RecordedRequest): ValidationError[] {
  return [
    {
      type: 'missing',
      loc: ['body'],
      msg: 'Field required',
      input: request.body === '' ? null : request.body,
    },
  ];
}

function tick(state: ElevenLabsState): number {
  state.clock += 60;
  return state.clock;
}

// Seed

const SEED_SECS = 1_767_225_600; // 2026-01-01T00:00:00Z

/** A branch of `count` versions; branch ids come from the seed's pattern for the agent. */
function seedBranch(agentId: string, name: string, count: number, draft: boolean): ElevenLabsBranch {
  const id = elevenLabsBranchId(agentId, name);
  return {
    id,
    name,
    description: `${name} branch`,
    created_at: SEED_SECS,
    is_archived: false,
    ...(name === 'main' ? {} : { parent_branch_id: elevenLabsBranchId(agentId, 'main') }),
    versions: Array.from({ length: count }, (_, i) => ({
      id: elevenLabsVersionId(id, i + 1),
      branch_id: id,
      version_description: `${name} ${i + 1}`,
      seq_no_in_branch: i + 1,
      time_committed_secs: SEED_SECS + (i + 1) * 3600,
    })),
    draft,
    next_from_seq: count + 1,
  };
}

/** `history`: the splits deployed, oldest first, by branch name. */
function seedAgent(
  agentId: string,
  name: string,
  branches: ElevenLabsBranch[],
  history: Record<string, number>[],
): ElevenLabsAgent {
  const main = branches[0];
  if (!main) throw new Error('an agent has a main branch');
  const byId = (split: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(split).map(([branch, share]) => [elevenLabsBranchId(agentId, branch), share]),
    );
  return {
    agent_id: agentId,
    name,
    main_branch_id: main.id,
    branches,
    deployments: history
      .map((split, i) => ({
        id: `agtdep_${agentId.slice(6, 14)}${i + 1}`.padEnd(32, '0'),
        traffic_percentage_branch_id_map: byId(split),
        deployed_at_unix_secs: SEED_SECS + (i + 1) * 86_400,
      }))
      .reverse(),
    initialSplit: { [main.id]: 1 },
    phone_numbers: [],
  };
}

function seedRole(
  role: ElevenLabsAgentRole,
  branches: [string, number, boolean][],
  history: Record<string, number>[],
) {
  const agentId = ELEVENLABS[role];
  return seedAgent(
    agentId,
    ELEVENLABS_NAMES[role],
    branches.map(([name, count, draft]) => seedBranch(agentId, name, count, draft)),
    history,
  );
}

function seed(): ElevenLabsState {
  const agents = [
    seedRole(
      'withDraft',
      [
        ['main', 2, true],
        ['experiment', 1, true],
      ],
      [{ main: 1 }],
    ),
    seedRole('upToDate', [['main', 3, false]], [{ main: 1 }]),
    seedRole(
      'split',
      [
        ['main', 2, false],
        ['beta', 2, false],
        ['gamma', 2, false],
        ['delta', 2, false],
      ],
      [{ main: 1 }, { main: 0.8, beta: 0.2 }, { main: 0.7, beta: 0.2, gamma: 0.1 }],
    ),
    seedRole(
      'neverDeployed',
      [
        ['main', 1, true],
        ['preview', 1, false],
      ],
      [],
    ),
    ...FLEET.elevenlabs.map((agentId, i) =>
      seedAgent(agentId, `Fleet ${i + 1}`, [seedBranch(agentId, 'main', 2, true)], [{ main: 1 }]),
    ),
  ];
  return {
    agents: new Map(agents.map((agent) => [agent.agent_id, agent])),
    clock: SEED_SECS + 30 * 86_400,
    testing: seedElevenLabsTesting(ELEVENLABS.withDraft),
  };
}

export const elevenlabs: ProviderDefinition<ElevenLabsState> = {
  name: 'elevenlabs',
  mountPath: '/elevenlabs',
  unauthorizedBody: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } },
  unknownRouteBody: { detail: 'Not Found' },
  authorized: (request, key) => request.headers['xi-api-key'] === key,
  routes: [
    { method: 'GET', path: '/v1/convai/agents/{agent_id}', handle: getAgent },
    { method: 'PATCH', path: '/v1/convai/agents/{agent_id}', handle: updateAgent },
    { method: 'GET', path: '/v1/convai/agents/{agent_id}/branches', handle: listBranches },
    { method: 'GET', path: '/v1/convai/agents/{agent_id}/branches/{branch_id}', handle: getBranch },
    { method: 'GET', path: '/v1/convai/agents/{agent_id}/versions/{version_id}', handle: getVersion },
    { method: 'GET', path: '/v1/convai/agents/{agent_id}/deployments', handle: listDeployments },
    { method: 'POST', path: '/v1/convai/agents/{agent_id}/deployments', handle: createDeployment },
    ...elevenLabsTestRoutes,
  ],
  seed,
};
