// The previous release of an agent, from the GitHub deployment records of the step's environment: what a
// rollback without a version puts back. The records are the action's own (task publish-agent); their
// payload names the provider, the agent, the version released and the routes after the step.
import { StateError } from '../errors.ts';
import { createRedactor } from '../http/redact.ts';
import type { DeploymentSettings, PublishRequest } from '../inputs/index.ts';
import type { RecordedRelease } from '../publish/hooks.ts';
import { explain, GITHUB_TIMEOUT_MS, type DeploymentTracker } from './deployments.ts';

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

/** The record's release when it is this agent's, else undefined. */
function recordOf(
  deployment: { id: number; created_at: string; payload: unknown },
  request: PublishRequest,
): Recorded | undefined {
  const fields = agentPayload(deployment, request);
  if (fields === undefined) return undefined;
  const version = typeof fields.released === 'string' ? fields.released : fields.version;
  if (typeof version !== 'string' || version === '') return undefined;
  const traffic = Array.isArray(fields.traffic) ? (fields.traffic as RecordedRelease['traffic']) : undefined;
  return {
    id: deployment.id,
    createdAt: deployment.created_at,
    version,
    ...(typeof fields.previous === 'string' ? { previous: fields.previous } : {}),
    ...(traffic === undefined ? {} : { traffic }),
  };
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
      .flatMap((deployment) => recordOf(deployment, request) ?? [])
      .sort((a, b) => b.id - a.id);
    for (const record of records) {
      const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        ...common(),
        deployment_id: record.id,
        per_page: 1,
      });
      if (statuses[0]?.state !== 'success') continue;
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
