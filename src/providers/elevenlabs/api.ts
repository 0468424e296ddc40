// The ElevenLabs Agents calls a release makes, as the official client @elevenlabs/elevenlabs-js sends them
// (conversationalAi.agents.get / branches.list / branches.get / update / deployments.list / create):
// paths, query parameters and snake_case bodies. Reads return typed values; writes are built, not sent.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import {
  asArray,
  asRecord,
  booleanField,
  optionalString,
  stringField,
  type JsonRecord,
} from '../shared/json.ts';
import type { Share, WriteRequest } from '../types.ts';
import { unitsOfText, weightNumber } from '../../routing/weights.ts';

export interface Branch {
  readonly id: string;
  readonly name: string;
  /** Whether the key's user has uncommitted changes on it; undefined when the API did not say. */
  readonly draft: boolean | undefined;
  /** `current_live_percentage` as given, scale undocumented; 0 when absent. */
  readonly liveShare: number;
}

export interface Deployment {
  readonly id: string;
  /** Branch id → share as given (fractions of 1, like the request). */
  readonly shares: ReadonlyMap<string, number>;
  readonly deployedAt: number;
  readonly active: boolean;
}

export interface Version {
  readonly id: string;
  readonly seq: number;
}

function numberMap(value: unknown, where: string): ReadonlyMap<string, number> {
  if (value === undefined || value === null) return new Map();
  const entries = Object.entries(asRecord(value, where));
  return new Map(entries.map(([id, share]) => [id, typeof share === 'number' ? share : Number.NaN]));
}

/** The agent's name and main branch (GET /v1/convai/agents/{id}). */
export async function readAgent(http: HttpClient, agentId: string) {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}`,
    idempotent: true,
  });
  const agent = asRecord(response.json, 'response');
  return {
    name: optionalString(agent, 'name'),
    mainBranchId: stringField(agent, 'main_branch_id', 'response'),
  };
}

/** Every branch with its commit status (branches.list with includeCommitStatus). */
export async function readBranches(http: HttpClient, agentId: string): Promise<Branch[]> {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/branches`,
    query: { include_commit_status: true },
    idempotent: true,
  });
  const body = asRecord(response.json, 'response');
  const branches = asArray(body.results, 'response.results').map((item) =>
    readBranch(asRecord(item, 'response.results[]')),
  );
  const total = asRecord(body.meta ?? {}, 'response.meta').total;
  if (typeof total === 'number' && total > branches.length) {
    throw new StateError(
      `ElevenLabs listed ${branches.length} of the agent's ${total} branches, so a branch name cannot be looked up safely.`,
      'Archive branches you no longer use in the ElevenLabs app, then re-run.',
    );
  }
  return branches;
}

function readBranch(record: JsonRecord): Branch {
  const where = 'response.results[]';
  const draft = record.draft_exists;
  const live = record.current_live_percentage;
  return {
    id: stringField(record, 'id', where),
    name: stringField(record, 'name', where),
    draft: typeof draft === 'boolean' ? draft : undefined,
    liveShare: typeof live === 'number' ? live : 0,
  };
}

/** The branch's newest committed version (branches.get: most_recent_versions, by seq_no_in_branch). */
export async function readTip(
  http: HttpClient,
  agentId: string,
  branchId: string,
): Promise<Version | undefined> {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/branches/${branchId}`,
    idempotent: true,
  });
  const body = asRecord(response.json, 'response');
  const versions = asArray(body.most_recent_versions ?? [], 'response.most_recent_versions').map((item) => {
    const record = asRecord(item, 'response.most_recent_versions[]');
    const seq = record.seq_no_in_branch;
    return {
      id: stringField(record, 'id', 'response.most_recent_versions[]'),
      seq: typeof seq === 'number' ? seq : -1,
    };
  });
  return versions.toSorted((a, b) => b.seq - a.seq)[0];
}

/** The newest deployments, newest first (the API's documented order, sorted again here). */
export async function readHistory(http: HttpClient, agentId: string, count: number): Promise<Deployment[]> {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/deployments`,
    query: { page: 1, page_size: count },
    idempotent: true,
  });
  const body = asRecord(response.json, 'response');
  const where = 'response.results[]';
  const deployments = asArray(body.results, 'response.results').map((item) => {
    const record = asRecord(item, where);
    const at = record.deployed_at_unix_secs;
    return {
      id: stringField(record, 'id', where),
      shares: numberMap(record.traffic_percentage_branch_id_map, `${where}.traffic_percentage_branch_id_map`),
      deployedAt: typeof at === 'number' ? at : 0,
      active: booleanField(record, 'is_active', where),
    };
  });
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
 * in the deployment history that rollback reads.
 */
export function deployRequest(agentId: string, split: readonly Share[]): WriteRequest {
  return {
    method: 'POST',
    path: encodePath`/v1/convai/agents/${agentId}/deployments`,
    body: {
      deployment_request: {
        requests: split.map((share) => ({
          branch_id: share.version,
          deployment_strategy: {
            type: 'percentage',
            traffic_percentage: weightNumber(unitsOfText(share.weight)),
          },
        })),
      },
    },
    idempotent: false,
  };
}

/** One committed version and its branch (versions.get). */
export async function readVersion(http: HttpClient, agentId: string, versionId: string) {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}/versions/${versionId}`,
    idempotent: true,
  });
  const body = asRecord(response.json, 'response');
  return { id: stringField(body, 'id', 'response'), branchId: stringField(body, 'branch_id', 'response') };
}
