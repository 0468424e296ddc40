// ElevenLabs routing: the agent's own traffic split between branches (one route, target "agent"). A
// deployment sets the whole split; the branches serving now keep what the released branch does not
// take, in their proportions (src/routing/split.ts). Rollback restores a split the release history names.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { deployRequest, readTip, readVersion, type Branch } from './api.ts';
import {
  BRANCH_ID,
  findBranch,
  snapshot,
  SPLIT,
  splitLabel,
  type PlanState,
  type Snapshot,
} from './state.ts';
import { planShares, sameShares } from '../../routing/split.ts';
import type {
  AdapterContext,
  AgentTarget,
  Plan,
  PlannedRoute,
  RouteAsk,
  RoutingCapability,
  Share,
  VersionRef,
} from '../types.ts';

export const BRANCH = 'branch';

/** The branch a step releases, with the agent as read: the `version` input first (rollback), else `branch`. */
export async function releasedBranch(
  http: HttpClient,
  target: AgentTarget,
  agent: Snapshot,
): Promise<Branch> {
  const version = target.version;
  if (version === undefined || BRANCH_ID.test(version))
    return findBranch(agent, version ?? target.extras[BRANCH], target.agentId);
  const found = await readVersion(http, target.agentId, version);
  const branch = findBranch(agent, found.branchId, target.agentId);
  const tip = await readTip(http, target.agentId, branch.id);
  if (tip?.id !== found.id) {
    throw new StateError(
      `Version ${version} is not the newest version of branch ${branch.name} (that is ${tip?.id ?? 'none'}); ElevenLabs deploys a branch's newest version.`,
      `Roll back to a whole split (leave version empty), or set branch to ${branch.name} to deploy its newest version.`,
    );
  }
  return branch;
}

/** The newest version of the branch serving the most calls in `split`. */
export async function servingVersion(
  http: HttpClient,
  agentId: string,
  split: readonly Share[],
): Promise<VersionRef | undefined> {
  const [largest] = split;
  if (largest === undefined) return undefined;
  const tip = await readTip(http, agentId, largest.version);
  return tip === undefined ? undefined : { number: tip.id };
}

function checkBranches(split: readonly Share[], agent: Snapshot): void {
  const gone = split.filter((share) => !agent.branches.some((branch) => branch.id === share.version));
  if (gone.length === 0) return;
  throw new StateError(
    `The split to restore names branches the agent no longer has: ${gone.map((share) => share.version).join(', ')}.`,
    'Set branch to the branch that should serve all calls, then re-run the rollback.',
  );
}

function note(agent: Snapshot, before: readonly Share[], after: readonly Share[]): string {
  return `${splitLabel(before, agent)} → ${splitLabel(after, agent)}`;
}

async function planRoute(context: AdapterContext, ask: RouteAsk, plan: Plan<PlanState>) {
  const { http, target } = context;
  // The agent as the plan read it just before: every ElevenLabs plan keeps it.
  const agent = plan.state?.agent;
  if (agent === undefined) throw new Error('the plan carries no agent snapshot');
  const before = agent.split;
  const asked =
    ask.kind === 'restore'
      ? ask
      : {
          kind: ask.kind,
          basisPoints: ask.basisPoints,
          version: { number: (await releasedBranch(http, target, agent)).id },
        };
  const planned = planShares(before, asked, { target: SPLIT });
  // A deployment with no branch is not "nothing deployed": ElevenLabs always serves some branch.
  if (planned.after.length === 0)
    throw new StateError(
      `The split to deploy for agent ${target.agentId} names no branch, and a deployment must serve some branch; nothing was changed.`,
      'Set branch (or version) to what should serve all calls, then re-run.',
    );
  checkBranches(planned.after, agent);
  const route = { target: SPLIT, before, after: planned.after, note: note(agent, before, planned.after) };
  if (sameShares(planned.after, before)) return route;
  return { ...route, write: deployRequest(target.agentId, planned.after, agent.scale ?? 1) };
}

export const elevenLabsRouting: RoutingCapability<PlanState> = {
  targets: 'agent',

  async plan(context, ask, plan): Promise<readonly PlannedRoute[]> {
    return [await planRoute(context, ask, plan)];
  },

  async read({ http, target }) {
    return (await snapshot(http, target.agentId)).split;
  },

  // No rollbackChoice: the platform's deployment history holds rollbacks too, so a rollback that read it
  // would undo itself when run again. Without a branch or version, the release history decides.
  async rollbackInput({ http, target }) {
    const wanted = target.extras[BRANCH];
    if (wanted === undefined) return undefined;
    const branch = findBranch(await snapshot(http, target.agentId), wanted, target.agentId);
    return {
      source: `the branch input (${branch.name})`,
      routes: [{ target: SPLIT, after: [{ version: branch.id, weight: '1' }] }],
    };
  },
};
