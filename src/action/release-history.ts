// The previous release of an agent, from the GitHub deployment records of the step's environment: what a
// rollback without a version puts back. The records are the action's own (task publish-agent); their
// payload names the provider, the agent, the version released and the routes after the step.
import { StateError } from '../errors.ts';
import { createRedactor } from '../http/redact.ts';
import type { DeploymentSettings, PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import {
  array,
  integer,
  object,
  optional,
  refine,
  ShapeError,
  string,
  unknown,
} from '../providers/shared/decode.ts';
import { compact } from '../providers/shared/json.ts';
import { unitsOfText, weightText, WHOLE } from '../routing/weights.ts';
import type { RecordedRelease } from '../publish/hooks.ts';
import { explain, GITHUB_TIMEOUT_MS, type DeploymentTracker, type Octokit } from './deployments.ts';

const PER_PAGE = 100;
/** Records looked through at most, newest first: a rollback goes back one release, not a year. */
const MAX_PAGES = 5;

interface Recorded {
  readonly id: number;
  readonly createdAt: string;
  readonly version: string;
  /** What was live before that step. */
  readonly previous?: string;
  readonly traffic?: RecordedRelease['traffic'];
}

/** The record's payload when it is this agent's, else undefined. */
function agentPayload(
  deployment: { payload: unknown },
  request: PublishRequest,
): Record<string, unknown> | undefined {
  let payload = deployment.payload;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }
  if (payload === null || typeof payload !== 'object') return undefined;
  const fields = payload as Record<string, unknown>;
  if (fields.provider !== request.adapter.name || fields.agent !== request.target.agentId) return undefined;
  return fields;
}

/** A weight as the action records it: the exact decimal text of a fraction of 1 ("0.1"). */
const weight = refine(string, (text, fail) => {
  if (weightText(unitsOfText(text)) !== text) fail('', 'an exact decimal from 0 to 1', text);
  return text;
});

/** A route after a step; a non-empty one must add up to exactly 1 (it is written back as it is). */
const route = refine(
  object({
    target: string,
    direction: optional(string),
    after: array(object({ version: string, weight, agentId: optional(string) })),
  }),
  (read, fail) => {
    const units = read.after.reduce((sum, share) => sum + unitsOfText(share.weight), 0);
    if (read.after.length > 0 && units !== WHOLE) fail('after', 'weights that add up to 1', units / WHOLE);
    return compact({
      target: read.target,
      direction: read.direction,
      after: read.after.map((share) => compact(share)),
    });
  },
);

/** Which agent a payload is about: read first, so that other agents' records are passed over quietly. */
const OWNER = object({ provider: string, agent: string });

/** The rest of a payload this action wrote (see payloadOf in deployments.ts). */
const RELEASE = object({
  released: optional(string),
  version: optional(string),
  previous: optional(string),
  traffic: optional(array(route)),
});

const DEPLOYMENT = object({ id: integer, created_at: string, payload: unknown });

/** The payload as an object: GitHub gives back what it was sent, an object or a JSON string. */
function parsedPayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    throw new ShapeError('payload', 'JSON', payload);
  }
}

/**
 * The record's release when it is this agent's, else undefined. A record that does not fit its shape is
 * never used (its routes would be written back): it is passed over with a warning saying why.
 */
function recordOf(item: unknown, request: PublishRequest, log: Logger): Recorded | undefined {
  let id = 'without an id';
  try {
    const deployment = DEPLOYMENT(item, 'record');
    id = String(deployment.id);
    const payload = parsedPayload(deployment.payload);
    const owner = OWNER(payload, 'payload');
    if (owner.provider !== request.adapter.name || owner.agent !== request.target.agentId) return undefined;
    const release = RELEASE(payload, 'payload');
    const version = release.released ?? release.version;
    if (version === undefined || version === '')
      throw new ShapeError('payload.released', 'a version', version);
    return compact({
      id: deployment.id,
      createdAt: deployment.created_at,
      version,
      previous: release.previous,
      traffic: release.traffic,
    });
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    log.warning(`GitHub deployment ${id} is not used to choose the rollback: its ${error.message}.`);
    return undefined;
  }
}

/**
 * The newest successful record of this agent whose version differs from the newest successful one (what
 * is live now); when every record has that version (a canary, then its promotion), what was live before
 * the oldest of them. undefined when there is none. A GitHub failure is an error: without the records, the
 * rollback has no target.
 */
export function releaseHistory(
  tracker: DeploymentTracker,
  request: PublishRequest,
): (() => Promise<RecordedRelease | undefined>) | undefined {
  const settings = request.settings.deployment;
  if (settings === undefined) return undefined;
  return async () => {
    try {
      return await findPrevious(tracker, request, settings);
    } catch (error) {
      if (error instanceof StateError) throw error;
      const redact = createRedactor([settings.token]);
      throw new StateError(
        `Could not read the GitHub deployments of environment "${settings.environment}" to find the version to roll back to: ${explain(error, tracker.run, redact)}`,
        'Set version to the version to put back, or fix the access to the deployments and re-run.',
      );
    }
  };
}

/** Whether a deployment's latest status is `success`. */
async function succeeded(
  octokit: Octokit,
  common: { owner: string; repo: string; request: { signal: AbortSignal } },
  id: number,
): Promise<boolean> {
  const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
    ...common,
    deployment_id: id,
    per_page: 1,
  });
  return statuses[0]?.state === 'success';
}

async function findPrevious(
  tracker: DeploymentTracker,
  request: PublishRequest,
  settings: DeploymentSettings,
): Promise<RecordedRelease | undefined> {
  const [owner, repo] = tracker.run.repository?.split('/') ?? [];
  if (owner === undefined || repo === undefined) return undefined;
  const octokit = await tracker.client(settings.token);
  const common = () => ({
    owner,
    repo,
    request: { signal: AbortSignal.timeout(Math.min(GITHUB_TIMEOUT_MS, request.settings.timeoutMs)) },
  });
  let current: string | undefined;
  let oldestCurrent: Recorded | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await octokit.rest.repos.listDeployments({
      ...common(),
      environment: settings.environment,
      task: 'publish-agent',
      per_page: PER_PAGE,
      page,
    });
    // GitHub lists newest first; sorted here too, so the order does not rest on that.
    const records = data
      .flatMap((deployment) => recordOf(deployment, request, tracker.log) ?? [])
      .sort((a, b) => b.id - a.id);
    for (const record of records) {
      if (!(await succeeded(octokit, common(), record.id))) continue;
      current ??= record.version;
      if (record.version === current) {
        oldestCurrent = record;
        continue;
      }
      return {
        version: record.version,
        source: `GitHub deployment ${record.id} in "${settings.environment}" (${record.createdAt})`,
        ...(record.traffic === undefined ? {} : { traffic: record.traffic }),
      };
    }
    if (data.length < PER_PAGE) break;
  }
  const before = oldestCurrent?.previous;
  if (oldestCurrent === undefined || before === undefined || before === current) return undefined;
  return {
    version: before,
    source: `the version live before GitHub deployment ${oldestCurrent.id} in "${settings.environment}" (${oldestCurrent.createdAt})`,
  };
}

/**
 * The configuration fingerprint of this agent's newest successful record (first page only: the last
 * release is recent), for the release diff of a provider that shows one side only. Best effort.
 */
export function recordedFingerprint(
  tracker: DeploymentTracker,
  request: PublishRequest,
): (() => Promise<string | undefined>) | undefined {
  const settings = request.settings.deployment;
  const [owner, repo] = tracker.run.repository?.split('/') ?? [];
  if (settings === undefined || owner === undefined || repo === undefined) return undefined;
  return async () => {
    const octokit = await tracker.client(settings.token);
    const common = { owner, repo, request: { signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS) } };
    const { data } = await octokit.rest.repos.listDeployments({
      ...common,
      environment: settings.environment,
      task: 'publish-agent',
      per_page: PER_PAGE,
    });
    const records = data
      .flatMap((deployment) => {
        const fingerprint = agentPayload(deployment, request)?.fingerprint;
        return typeof fingerprint === 'string' ? [{ id: deployment.id, fingerprint }] : [];
      })
      .sort((a, b) => b.id - a.id);
    for (const record of records) {
      const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        ...common,
        deployment_id: record.id,
        per_page: 1,
      });
      if (statuses[0]?.state === 'success') return record.fingerprint;
    }
    return undefined;
  };
}
