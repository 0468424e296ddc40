// ElevenLabs Agents: publish commits a branch's pending draft as a new version; the routing capability
// (elevenlabs-routing.ts) then deploys the branch at its share of the agent's traffic. Rollback moves
// traffic only. There is no unpublish: a deployment always serves some branch.
import { allSettled } from '../../settle.ts';
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { commitRequest, readBranches, readTip, type Version } from './api.ts';
import { elevenLabsConfigs } from './config.ts';
import { BRANCH, elevenLabsRouting, releasedBranch, servingVersion } from './routing.ts';
import { BRANCH_ID, findBranch, snapshot, splitLabel, type Commit, type PlanState } from './state.ts';
import { elevenLabsTests } from './tests.ts';
import { elevenLabsWhere } from './numbers.ts';
import { compact } from '../shared/json.ts';
import type { AdapterContext, Plan, ProviderAdapter, VersionRef } from '../types.ts';

const AGENT_ID = /^agent_[A-Za-z0-9]+$/;
const VERSION_ID = /^agtvrsn_[A-Za-z0-9]+$/;

function versionRef(version: Version | undefined): VersionRef | undefined {
  return version === undefined ? undefined : { number: version.id };
}

async function planPublish({ http, target }: AdapterContext): Promise<Plan<PlanState>> {
  if (target.version !== undefined) {
    throw new StateError(
      'ElevenLabs publishes a branch, not a version.',
      'Remove version and set branch to the branch to publish (empty: the main branch).',
    );
  }
  const agent = await snapshot(http, target.agentId);
  const branch = findBranch(agent, target.extras[BRANCH], target.agentId);
  if (branch.draft === undefined) {
    throw new StateError(
      `ElevenLabs did not say whether branch ${branch.name} of agent ${target.agentId} has uncommitted changes.`,
      'Re-run the job; if it persists, the API changed: please open an issue.',
    );
  }
  // The branch serving most calls is read once where it is the one released (the common case: main).
  const servesMost = agent.split[0]?.version === branch.id;
  const [tipBefore, otherLive] = await allSettled([
    readTip(http, target.agentId, branch.id),
    servesMost ? Promise.resolve(undefined) : servingVersion(http, target.agentId, agent.split),
  ]);
  const live = servesMost ? versionRef(tipBefore) : otherLive;
  // A canary commits the branch and its promotion deploys the commit: the branch names that one release.
  const common = compact({ agentName: agent.name, live, releaseKey: branch.id, state: { agent } });
  if (!branch.draft) {
    return compact({
      ...common,
      release: versionRef(tipBefore),
      // Drafts belong to the user whose key made them (draft_created_at is "the caller's draft").
      reason: `branch ${branch.name} has no uncommitted changes that this key's user can see (drafts belong to the user who made them: changes someone else made in the app are committed from the app, or with their key)`,
    });
  }
  if (branch.draftBehindTip) {
    throw new StateError(
      `The pending changes on branch ${branch.name} were made against an earlier version of the branch (draft_is_behind_tip): committing them could undo the newer commits; nothing was changed.`,
      `Rebase the draft of branch ${branch.name} onto its newest version in the ElevenLabs app (or discard it and edit again), then re-run.`,
    );
  }
  // The new version's id is known only once it is committed; until then the branch stands for it.
  return {
    ...common,
    release: { id: branch.id },
    write: commitRequest(target.agentId, branch.id, target.description),
    state: { agent, commit: { branch, tipBefore } },
    reason: `commit the pending changes of branch ${branch.name} as a new version`,
  };
}

async function planRollback({ http, target }: AdapterContext): Promise<Plan<PlanState>> {
  const agent = await snapshot(http, target.agentId);
  const live = await servingVersion(http, target.agentId, agent.split);
  // The rollback's choice (src/publish/rollback.ts) is the version input, or the branch that serves most
  // of the split it restores.
  const chosen =
    target.version !== undefined || target.extras[BRANCH] !== undefined
      ? [{ version: (await releasedBranch(http, target, agent)).id, weight: '1' }]
      : undefined;
  const release = chosen === undefined ? undefined : await servingVersion(http, target.agentId, chosen);
  return compact({
    agentName: agent.name,
    live,
    release,
    reason: `move traffic back from ${splitLabel(agent.split, agent)}`,
    state: { agent },
  });
}

/** Reads the branch after the commit: a new version, and no draft left; fails loudly otherwise, before any deployment. */
async function checkCommit(http: HttpClient, agentId: string, commit: Commit): Promise<Version> {
  const [branches, tip] = await allSettled([
    readBranches(http, agentId),
    readTip(http, agentId, commit.branch.id),
  ]);
  const draftLeft = branches.find((branch) => branch.id === commit.branch.id)?.draft !== false;
  const newVersion = tip !== undefined && tip.seq > (commit.tipBefore?.seq ?? 0) ? tip : undefined;
  if (newVersion !== undefined && !draftLeft) return newVersion;
  const what =
    newVersion === undefined
      ? 'made no new version'
      : `made version ${newVersion.id}, but the pending changes are still uncommitted (the version lacks them)`;
  throw new StateError(
    `ElevenLabs answered the commit of branch ${commit.branch.name} but ${what}; no traffic was moved.`,
    'Publish the branch in the ElevenLabs app (or check it there), then re-run: the action then only deploys it.',
  );
}

export const elevenlabs: ProviderAdapter<PlanState> = {
  name: 'elevenlabs',
  displayName: 'ElevenLabs',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  apiKeyEnv: 'ELEVENLABS_API_KEY',
  authHeaders: (apiKey) => ({ 'xi-api-key': apiKey }),
  keyHelp: 'ElevenLabs → Developers → API keys (the key needs write access to ElevenLabs Agents)',
  // ElevenLabs limits how many requests run at once per plan, 2 on the free plan, and answers 429 beyond.
  maxConcurrency: 2,
  agentId: {
    expected: 'the agent id shown in ElevenLabs, such as agent_3701k3ttaq12ewp8b7qv5rfyszkz',
    parse(raw) {
      if (!AGENT_ID.test(raw)) throw new RangeError('is not an ElevenLabs agent id (agent_…)');
      return raw;
    },
  },
  version: {
    expected: 'a version id (agtvrsn_…) or a branch id (agtbrch_…) to roll back to',
    whenEmpty: 'the split before the latest release recorded in environment',
    parse(raw) {
      if (!VERSION_ID.test(raw) && !BRANCH_ID.test(raw))
        throw new RangeError('is neither agtvrsn_… nor agtbrch_…');
      return raw;
    },
  },
  description: { maxLength: 1000 },
  operations: ['publish', 'rollback'],
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
      operations: ['publish', 'rollback'],
      // A name is looked up in the branch list; only the id found goes into a path.
      inPath: false,
    },
  ],
  hints: {
    404: 'Check agent-id and branch: ElevenLabs has no such agent (or branch) for this key; keys belong to one workspace.',
    422: 'ElevenLabs refused the request as invalid: if it says the traffic percentages must add up to 100, this workspace takes percentages where the API example sends fractions; deploy once in the ElevenLabs app, then re-run (the action then reads the scale from the deployment history).',
    429: 'ElevenLabs limits how many requests a plan may run at once (too_many_concurrent_requests) or was busy (system_busy): re-run later, or release fewer agents at once.',
  },
  routing: elevenLabsRouting,
  tests: elevenLabsTests,
  configs: elevenLabsConfigs,
  where: elevenLabsWhere,

  plan: (context) => (context.target.operation === 'rollback' ? planRollback(context) : planPublish(context)),

  async apply({ target, http }, plan) {
    const commit = plan.state?.commit;
    // Every plan with a write carries its commit: a bug if not.
    if (commit === undefined) throw new Error('the commit plan carries no state');
    const response = await http.request(plan.write);
    const tip = await checkCommit(http, target.agentId, commit);
    return compact({ live: versionRef(tip), response: response.json });
  },

  async verify({ target, http }, plan) {
    // The commit was read back in apply, before any traffic moved; the deployment is verified as a route.
    const commit = plan.state?.commit;
    if (plan.write === undefined || commit === undefined) return {};
    const branches = await readBranches(http, target.agentId);
    if (branches.find((branch) => branch.id === commit.branch.id)?.draft !== false) {
      throw new StateError(
        `After the commit, ElevenLabs still shows uncommitted changes on branch ${commit.branch.name}.`,
        'Check the branch in the ElevenLabs app (someone may have edited it meanwhile), then re-run.',
      );
    }
    return {};
  },
};
