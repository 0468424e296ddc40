// What an ElevenLabs agent looks like before a step: its main branch, its branches (with their commit
// status) and the live split, read from the newest deployment, or from the branches' own live
// percentages when the agent was never deployed. Splits are Shares (branch id, exact weight).
import { allSettled } from '../../settle.ts';
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { readAgent, readBranches, readHistory, type AgentNumber, type Branch, type Version } from './api.ts';
import type { Share } from '../types.ts';
import { scaleOf } from './scale.ts';
import { percentText, spread, unitsOfText, weightText, WHOLE } from '../../routing/weights.ts';

export const BRANCH_ID = /^agtbrch_[A-Za-z0-9]+$/;

export interface Snapshot {
  readonly name: string | undefined;
  /** undefined where the agent read leaves it out (optional in the SDK): a step must then name its branch. */
  readonly mainBranchId: string | undefined;
  readonly branches: readonly Branch[];
  /** The live split, largest share first. */
  readonly split: readonly Share[];
  /** The agent's phone numbers, each possibly pinned to a branch. */
  readonly numbers: readonly AgentNumber[];
  /** The scale the live deployment's shares are in (scale.ts); undefined when never deployed. */
  readonly scale: 1 | 100 | undefined;
}

/** What a commit plan read, for apply and verify. */
export interface Commit {
  readonly branch: Branch;
  readonly tipBefore: Version | undefined;
}

/**
 * What an ElevenLabs plan keeps (Plan.state): the agent as the plan read it, which the routing plan right
 * after uses instead of reading it again; and, where the plan commits, the commit's branch and tip before.
 */
export interface PlanState {
  readonly agent: Snapshot;
  readonly commit?: Commit;
}

/**
 * A split the API gave as numbers: fractions of 1, or percentages (the scale of `current_live_percentage`
 * is not documented), told apart by their sum. Anything else is refused: a guessed split would move
 * calls nobody asked to move.
 */
function readSplit(raw: ReadonlyMap<string, number>, where: string): Share[] {
  const entries = [...raw].filter(([, share]) => share > 0);
  if (entries.length === 0) return [];
  const sum = entries.reduce((total, [, share]) => total + share, 0);
  const scale = scaleOf(new Map(entries));
  if (scale === undefined || entries.some(([, share]) => !Number.isFinite(share))) {
    throw new StateError(
      `ElevenLabs' ${where} add up to ${sum}, neither 1 (fractions) nor 100 (percentages), so the live split cannot be read.`,
      'Check the deployment in the ElevenLabs app; if it looks right there, please open an issue with this log.',
    );
  }
  const units = spread(
    WHOLE,
    entries.map(([, share]) => Math.round((share / scale) * WHOLE)),
  );
  return entries
    .map(([version], i) => ({ version, weight: weightText(units[i] ?? 0) }))
    .filter((share) => unitsOfText(share.weight) > 0)
    .toSorted((a, b) => unitsOfText(b.weight) - unitsOfText(a.weight));
}

export async function snapshot(http: HttpClient, agentId: string): Promise<Snapshot> {
  const [agent, branches, history] = await allSettled([
    readAgent(http, agentId),
    readBranches(http, agentId),
    readHistory(http, agentId, 1),
  ]);
  const active = history.find((deployment) => deployment.active);
  const split =
    active === undefined
      ? readSplit(new Map(branches.map((branch) => [branch.id, branch.liveShare])), 'branch live percentages')
      : readSplit(active.shares ?? new Map<string, number>(), 'deployment shares');
  // An active deployment that gives no share to any branch is not "nothing deployed": what serves calls is unknown.
  if (active !== undefined && split.length === 0)
    throw new StateError(
      `ElevenLabs' active deployment ${active.id} of agent ${agentId} gives no branch a share (its traffic_percentage_branch_id_map is missing or empty), so the live split cannot be read; nothing was changed.`,
      'Check the deployment in the ElevenLabs app; if it looks right there, please open an issue with this log.',
    );
  const scale = active?.shares === undefined ? undefined : scaleOf(active.shares);
  return {
    name: agent.name,
    mainBranchId: agent.mainBranchId,
    branches,
    split,
    numbers: agent.numbers,
    scale,
  };
}

/** A branch by `agtbrch_` id or by name (empty: the main branch); an unknown one lists those there are. */
export function findBranch(agent: Snapshot, wanted: string | undefined, agentId: string): Branch {
  const matches =
    wanted === undefined
      ? agent.branches.filter(
          (candidate) => agent.mainBranchId !== undefined && candidate.id === agent.mainBranchId,
        )
      : BRANCH_ID.test(wanted)
        ? agent.branches.filter((candidate) => candidate.id === wanted)
        : agent.branches.filter((candidate) => candidate.name === wanted);
  const [branch, ...more] = matches;
  if (branch !== undefined && more.length === 0) return branch;
  if (branch !== undefined)
    throw new StateError(
      `ElevenLabs agent ${agentId} has ${matches.length} branches named ${wanted ?? 'as its main branch'} (${matches.map((candidate) => candidate.id).join(', ')}), so the name does not say which one.`,
      'Set branch to the id (agtbrch_…) of the one to use, or rename the others in the ElevenLabs app.',
    );
  const known = agent.branches.map((candidate) => `${candidate.name} (${candidate.id})`).join(', ') || 'none';
  const missing =
    wanted !== undefined
      ? `has no branch ${wanted}`
      : agent.mainBranchId === undefined
        ? 'did not name its main branch (main_branch_id is absent from the agent read)'
        : 'has no main branch';
  throw new StateError(
    `ElevenLabs agent ${agentId} ${missing} (branches: ${known}).`,
    agent.mainBranchId === undefined && wanted === undefined
      ? 'Set branch to the branch to release (for example main): without main_branch_id an empty branch cannot be resolved.'
      : 'Set branch to one of the branch names or ids listed, or leave it empty for the main branch.',
  );
}

/** The one route of an agent: its own split of calls between branches (the `routes` output's target). */
export const SPLIT = 'agent';

/** A branch's name, else its id (a branch the snapshot does not list). */
export function branchName(agent: Snapshot, branchId: string): string {
  return agent.branches.find((branch) => branch.id === branchId)?.name ?? branchId;
}

/** "main 90 %, experiment 10 %", for the log and the summary. */
export function splitLabel(split: readonly Share[], agent: Snapshot): string {
  if (split.length === 0) return 'nothing deployed';
  return split.map((share) => `${branchName(agent, share.version)} ${percentText(share.weight)}`).join(', ');
}
