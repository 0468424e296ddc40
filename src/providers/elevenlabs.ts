// ElevenLabs Agents: a branch's pending draft is committed as a new version, then a deployment splits
// live traffic between branches by fraction; the platform keeps the deployment history, newest first.
import { StateError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import {
  commitRequest,
  deployRequest,
  readAgent,
  readBranches,
  readHistory,
  readTip,
  type Branch,
  type Version,
} from './elevenlabs-api.ts';
import { largest, PPM, readSplit, sameSplit, withShare, type Split } from './elevenlabs-split.ts';
import { compact } from './json.ts';
import type { Plan, ProviderAdapter, VersionRef, WriteRequest } from './types.ts';

const BRANCH = 'branch';
const BRANCH_ID = /^agtbrch_[A-Za-z0-9]+$/;
const AGENT_ID = /^agent_[A-Za-z0-9]+$/;

/** What the agent looks like before the step. */
interface Snapshot {
  readonly name: string | undefined;
  readonly mainBranchId: string;
  readonly branches: readonly Branch[];
  readonly split: Split;
}

/** What a plan decided, kept for apply and verify by its first write (the Plan type carries only that). */
interface Decision {
  readonly branch: Branch;
  readonly commit: boolean;
  readonly tipBefore: Version | undefined;
  readonly desired: Split;
  readonly deploy: boolean;
}

const decisions = new WeakMap<WriteRequest, Decision>();

async function snapshot(http: HttpClient, agentId: string): Promise<Snapshot> {
  const [agent, branches, history] = await Promise.all([
    readAgent(http, agentId),
    readBranches(http, agentId),
    readHistory(http, agentId, 1),
  ]);
  const active = history.find((deployment) => deployment.active);
  // A new agent has no deployment yet: then only the branches' own live percentages tell the split.
  const split =
    active === undefined
      ? readSplit(new Map(branches.map((branch) => [branch.id, branch.liveShare])), 'branch live percentages')
      : readSplit(active.shares, 'deployment shares');
  return { name: agent.name, mainBranchId: agent.mainBranchId, branches, split };
}

/** The `branch` input: an `agtbrch_` id, a name looked up in the list, or empty for the main branch. */
function resolveBranch(agent: Snapshot, wanted: string | undefined, agentId: string): Branch {
  const branch =
    wanted === undefined
      ? agent.branches.find((candidate) => candidate.id === agent.mainBranchId)
      : BRANCH_ID.test(wanted)
        ? agent.branches.find((candidate) => candidate.id === wanted)
        : agent.branches.find((candidate) => candidate.name === wanted);
  if (branch !== undefined) return branch;
  const known = agent.branches.map((candidate) => `${candidate.name} (${candidate.id})`).join(', ') || 'none';
  throw new StateError(
    `ElevenLabs agent ${agentId} has no ${wanted === undefined ? 'main branch' : `branch ${wanted}`} (branches: ${known}).`,
    'Set branch to one of the branch names or ids listed, or leave it empty for the main branch.',
  );
}

function splitLabel(split: Split, agent: Snapshot): string {
  if (split.size === 0) return 'nothing deployed';
  const name = (id: string) => agent.branches.find((branch) => branch.id === id)?.name ?? id;
  return [...split].map(([id, share]) => `${name(id)} ${share / (PPM / 100)} %`).join(', ');
}

function versionRef(version: Version | undefined): VersionRef | undefined {
  return version === undefined ? undefined : { number: version.id };
}

/** What serves the most calls now: its branch's newest version. */
async function liveVersion(
  http: HttpClient,
  agentId: string,
  agent: Snapshot,
): Promise<VersionRef | undefined> {
  const branchId = largest(agent.split, [agent.mainBranchId]);
  return branchId === undefined ? undefined : versionRef(await readTip(http, agentId, branchId));
}

async function planPublish(
  http: HttpClient,
  agentId: string,
  wanted: string | undefined,
  description: string,
): Promise<Plan> {
  const agent = await snapshot(http, agentId);
  const branch = resolveBranch(agent, wanted, agentId);
  if (branch.draft === undefined) {
    throw new StateError(
      `ElevenLabs did not say whether branch ${branch.name} of agent ${agentId} has uncommitted changes.`,
      'Re-run the job; if it persists, the API changed: please open an issue.',
    );
  }
  const [tipBefore, live] = await Promise.all([
    readTip(http, agentId, branch.id),
    liveVersion(http, agentId, agent),
  ]);
  const desired = withShare(agent.split, branch.id, PPM) ?? new Map([[branch.id, PPM]]);
  const deploy = !sameSplit(agent.split, desired);
  const change = `${splitLabel(agent.split, agent)} → ${splitLabel(desired, agent)}`;
  const reasons = [
    branch.draft ? `commit the pending changes of branch ${branch.name} as a new version` : undefined,
    deploy ? `deploy it: ${change}` : undefined,
  ].filter((reason) => reason !== undefined);
  const write: WriteRequest | undefined = branch.draft
    ? commitRequest(agentId, branch.id, description)
    : deploy
      ? deployRequest(agentId, desired)
      : undefined;
  const plan: Plan = compact({
    agentName: agent.name,
    live,
    next: branch.draft ? undefined : versionRef(tipBefore),
    write,
    reason:
      reasons.join(', then ') ||
      `branch ${branch.name} has no uncommitted changes and already serves all calls`,
  });
  if (write !== undefined) decisions.set(write, { branch, commit: branch.draft, tipBefore, desired, deploy });
  return plan;
}

/** Reads the branch after the commit: a new version, and no draft left. Fails loudly otherwise, before any deployment. */
async function checkCommit(http: HttpClient, agentId: string, decision: Decision): Promise<Version> {
  const [branches, tip] = await Promise.all([
    readBranches(http, agentId),
    readTip(http, agentId, decision.branch.id),
  ]);
  const draftLeft = branches.find((branch) => branch.id === decision.branch.id)?.draft !== false;
  const newVersion = tip !== undefined && tip.seq > (decision.tipBefore?.seq ?? 0) ? tip : undefined;
  if (newVersion !== undefined && !draftLeft) return newVersion;
  const what =
    newVersion === undefined
      ? 'made no new version'
      : `made version ${newVersion.id}, but the pending changes are still uncommitted (the version lacks them)`;
  throw new StateError(
    `ElevenLabs answered the commit of branch ${decision.branch.name} but ${what}; no traffic was moved.`,
    'Publish the branch in the ElevenLabs app (or check it there), then re-run: the action then only deploys it.',
  );
}

function decisionOf(plan: Plan): Decision {
  const decision = plan.write === undefined ? undefined : decisions.get(plan.write);
  if (decision === undefined) throw new Error('the plan was not made by this adapter');
  return decision;
}

export const elevenlabs: ProviderAdapter = {
  name: 'elevenlabs',
  displayName: 'ElevenLabs',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  apiKeyEnv: 'ELEVENLABS_API_KEY',
  authHeaders: (apiKey) => ({ 'xi-api-key': apiKey }),
  keyHelp: 'ElevenLabs → Developers → API keys (the key needs write access to ElevenLabs Agents)',
  // ElevenLabs limits concurrent requests per plan, 2 on the free plan, and answers 429 beyond that.
  maxConcurrency: 2,
  agentId: {
    expected: 'the agent id shown in ElevenLabs, such as agent_3701k3ttaq12ewp8b7qv5rfyszkz',
    parse(raw) {
      if (!AGENT_ID.test(raw)) throw new RangeError('is not an ElevenLabs agent id (agent_…)');
      return raw;
    },
  },
  description: { maxLength: 1000 },
  operations: ['publish'],
  extraInputs: [
    {
      name: BRANCH,
      description: 'the branch to commit and deploy',
      rule: {
        expected: 'a branch name, or a branch id such as agtbrch_8901k4t9z5defmb8vh3e9361y7nj',
        parse(raw) {
          if (raw.length > 200) throw new RangeError('is longer than 200 characters');
          return raw;
        },
      },
      operations: ['publish'],
    },
  ],
  hints: {
    404: 'Check agent-id and branch: ElevenLabs has no such agent (or branch) for this key; keys belong to one workspace.',
    429: 'ElevenLabs limits how many requests a plan may run at once (too_many_concurrent_requests) or was busy (system_busy): re-run later, or release fewer agents at once.',
  },

  plan: ({ target, http }) => planPublish(http, target.agentId, target.extras[BRANCH], target.description),

  async apply({ target, http }, plan) {
    const decision = decisionOf(plan);
    const first = await http.request(plan.write);
    let tip = decision.tipBefore;
    let response: unknown = first.json;
    if (decision.commit) {
      tip = await checkCommit(http, target.agentId, decision);
      if (decision.deploy)
        response = (await http.request(deployRequest(target.agentId, decision.desired))).json;
    }
    return compact({ live: versionRef(tip), response });
  },

  async verify({ target, http }, plan) {
    const decision = decisionOf(plan);
    const agent = await snapshot(http, target.agentId);
    const branch = agent.branches.find((candidate) => candidate.id === decision.branch.id);
    const problem = !sameSplit(agent.split, decision.desired)
      ? `serves ${splitLabel(agent.split, agent)} instead of ${splitLabel(decision.desired, agent)}`
      : decision.commit && branch?.draft !== false
        ? `still shows uncommitted changes on branch ${decision.branch.name}`
        : undefined;
    if (problem !== undefined) {
      throw new StateError(
        `After the change, ElevenLabs agent ${target.agentId} ${problem}.`,
        'Check the agent in the ElevenLabs app: another change may have raced this one. Re-run to try again.',
      );
    }
    return compact({ agentName: agent.name });
  },
};
