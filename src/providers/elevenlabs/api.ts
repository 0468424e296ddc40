// The ElevenLabs Agents calls a release makes, as the official client @elevenlabs/elevenlabs-js sends them
// (conversationalAi.agents.get / branches.list / branches.get / update / deployments.list / create):
// paths, query parameters and snake_case bodies. Reads return typed values; writes are built, not sent.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import {
  array,
  boolean,
  dictionary,
  number,
  object,
  optional,
  string,
  withDefault,
} from '../shared/decode.ts';
import { decodeAnswer, type AnswerSource } from '../shared/json.ts';
import type { Share, WriteRequest } from '../types.ts';
import { unitsOfText, weightNumber } from '../../routing/weights.ts';

export interface Branch {
  readonly id: string;
  readonly name: string;
  /** Whether the key's user has uncommitted changes on it; undefined when the API did not say. */
  readonly draft: boolean | undefined;
  /** `current_live_percentage` as given, scale undocumented; 0 when absent. */
  readonly liveShare: number;
  /** The key's user's draft was written against a tip the branch has since moved past (draft_is_behind_tip). */
  readonly draftBehindTip: boolean;
}

export interface Deployment {
  readonly id: string;
  /** Branch id → share as given (fractions of 1, like the request); undefined when the answer has no map. */
  readonly shares: ReadonlyMap<string, number> | undefined;
  readonly deployedAt: number;
  readonly active: boolean;
}

export interface Version {
  readonly id: string;
  readonly seq: number;
}

/** A number of the agent (GetAgentResponseModel.phone_numbers); `branch_id` pins its calls to a branch. */
export interface AgentNumber {
  readonly number: string;
  readonly branchId: string | undefined;
}

const AGENT_ANSWER = object({
  name: optional(string),
  // Optional in the SDK: an agent without it is read as having no known main branch.
  main_branch_id: optional(string),
  phone_numbers: withDefault(
    array(
      object({
        phone_number: string,
        assigned_agent: optional(object({ branch_id: optional(string) })),
      }),
    ),
    [],
  ),
});

const BRANCHES_ANSWER = object({
  results: array(
    object({
      id: string,
      name: string,
      draft_exists: optional(boolean),
      draft_is_behind_tip: withDefault(boolean, false),
      current_live_percentage: withDefault(number, 0),
    }),
  ),
  meta: optional(object({ total: optional(number) })),
});

const TIP_ANSWER = object({
  most_recent_versions: optional(array(object({ id: string, seq_no_in_branch: withDefault(number, -1) }))),
});

const HISTORY_ANSWER = object({
  results: array(
    object({
      id: string,
      traffic_percentage_branch_id_map: optional(dictionary(number)),
      deployed_at_unix_secs: withDefault(number, 0),
      is_active: boolean,
    }),
  ),
});

const VERSION_ANSWER = object({ id: string, branch_id: string });

function from(request: AnswerSource['request']): AnswerSource {
  return { provider: 'ElevenLabs', request };
}

/** The agent's name, main branch and phone numbers (GET /v1/convai/agents/{id}). */
export async function readAgent(http: HttpClient, agentId: string) {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}`,
    idempotent: true,
  } as const;
  const agent = decodeAnswer(AGENT_ANSWER, (await http.request(request)).json, from(request));
  const numbers: AgentNumber[] = agent.phone_numbers.map((item) => ({
    number: item.phone_number,
    branchId: item.assigned_agent?.branch_id,
  }));
  return { name: agent.name, mainBranchId: agent.main_branch_id, numbers };
}

/** Every branch with its commit status (branches.list with includeCommitStatus). */
export async function readBranches(http: HttpClient, agentId: string): Promise<Branch[]> {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/branches`,
    query: { include_commit_status: true },
    idempotent: true,
  } as const;
  const body = decodeAnswer(BRANCHES_ANSWER, (await http.request(request)).json, from(request));
  const branches = body.results.map((branch) => ({
    id: branch.id,
    name: branch.name,
    draft: branch.draft_exists,
    liveShare: branch.current_live_percentage,
    draftBehindTip: branch.draft_is_behind_tip,
  }));
  const total = body.meta?.total;
  if (total !== undefined && total > branches.length) {
    throw new StateError(
      `ElevenLabs listed ${branches.length} of the agent's ${total} branches, so a branch name cannot be looked up safely.`,
      'Archive branches you no longer use in the ElevenLabs app, then re-run.',
    );
  }
  return branches;
}

/** The branch's newest committed version (branches.get: most_recent_versions, by seq_no_in_branch). */
export async function readTip(
  http: HttpClient,
  agentId: string,
  branchId: string,
): Promise<Version | undefined> {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/branches/${branchId}`,
    idempotent: true,
  } as const;
  const body = decodeAnswer(TIP_ANSWER, (await http.request(request)).json, from(request));
  const versions = (body.most_recent_versions ?? []).map((version) => ({
    id: version.id,
    seq: version.seq_no_in_branch,
  }));
  return versions.toSorted((a, b) => b.seq - a.seq)[0];
}

/** The newest deployments, newest first (the API's documented order, sorted again here). */
export async function readHistory(http: HttpClient, agentId: string, count: number): Promise<Deployment[]> {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/deployments`,
    query: { page: 1, page_size: count },
    idempotent: true,
  } as const;
  const body = decodeAnswer(HISTORY_ANSWER, (await http.request(request)).json, from(request));
  const deployments = body.results.map((deployment) => ({
    id: deployment.id,
    shares: deployment.traffic_percentage_branch_id_map,
    deployedAt: deployment.deployed_at_unix_secs,
    active: deployment.is_active,
  }));
  return deployments.toSorted((a, b) => b.deployedAt - a.deployedAt);
}

/**
 * Commits the branch's pending draft as a new version: what "Publish" does in the ElevenLabs app
 * (agents.update with branchId and versionDescription, no configuration). Not idempotent: sent twice,
 * it may make two versions.
 */
export function commitRequest(agentId: string, branchId: string, description: string): WriteRequest {
  return {
    method: 'PATCH',
    path: encodePath`/v1/convai/agents/${agentId}`,
    query: { branch_id: branchId },
    body: { version_description: description },
    idempotent: false,
  };
}

/**
 * Sets the live split (deployments.create). Not sent twice blindly either: each one is a new entry
 * in the deployment history that rollback reads. `scale`: 1 sends fractions (the API example), 100
 * percentages (the guide), as the deployment history showed.
 */
export function deployRequest(agentId: string, split: readonly Share[], scale: 1 | 100 = 1): WriteRequest {
  return {
    method: 'POST',
    path: encodePath`/v1/convai/agents/${agentId}/deployments`,
    body: {
      deployment_request: {
        requests: split.map((share) => ({
          branch_id: share.version,
          deployment_strategy: {
            type: 'percentage',
            traffic_percentage: weightNumber(unitsOfText(share.weight) * scale),
          },
        })),
      },
    },
    idempotent: false,
  };
}

/** One committed version and its branch (versions.get). */
export async function readVersion(http: HttpClient, agentId: string, versionId: string) {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/versions/${versionId}`,
    idempotent: true,
  } as const;
  const body = decodeAnswer(VERSION_ANSWER, (await http.request(request)).json, from(request));
  return { id: body.id, branchId: body.branch_id };
}
