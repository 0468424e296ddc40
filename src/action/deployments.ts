// Records each agent's publish as a GitHub deployment, so the repository's Environments page shows what
// went live where, from which commit, and whether it worked. Best-effort: a failure to record is a
// warning, never a failed publish. Octokit is loaded only when a deployment is recorded, so the common
// path (no `environment`) never pays for it.
import type * as GitHub from '@actions/github';
import { truncate } from '../errors.ts';
import type { DeploymentSettings, PublishRequest } from '../inputs/index.ts';
import { agentLabel } from '../inputs/agent-label.ts';
import type { Logger } from '../log.ts';
import { createRedactor } from '../http/redact.ts';
import { proxiedFetch } from '../http/transport.ts';
import { proxyNote } from '../http/proxy.ts';
import type { PlannedRelease, ReleaseHooks } from '../publish/hooks.ts';
import { renderFailure } from '../publish/failure.ts';
import type { AgentReport } from '../publish/report.ts';
import { cappedFetch, MAX_GITHUB_BODY_BYTES } from './capped-fetch.ts';
import { compact } from '../compact.ts';
import { RECORD_MARKER, RECORD_TASK } from './release-record.ts';

export type Octokit = ReturnType<typeof GitHub.getOctokit>;
type FinalState = 'success' | 'failure';

/**
 * How long a record may take before the publish (the deployment and its `in_progress` status), and
 * again after it (the final status). GitHub answers these in well under a second. The time is its
 * own: the publish's deadline is moved on by what recording took, so a slow GitHub never costs it.
 */
export const RECORD_BUDGET_MS = 4_000;
/** How long one GitHub API read may take while the plan looks for a rollback's target. */
export const GITHUB_TIMEOUT_MS = 10_000;
/** GitHub's limit for a deployment status description. */
const MAX_DESCRIPTION = 140;

/** Where the workflow runs, from the runner's GITHUB_* variables. */
export interface RunContext {
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's <host>/api/v3. */
  readonly apiUrl: string;
  /** GITHUB_REPOSITORY: owner/repo. */
  readonly repository: string | undefined;
  /** GITHUB_SHA: the commit the workflow runs on, which the deployment records. */
  readonly sha: string | undefined;
  /** The workflow run, linked from every status as its log. */
  readonly runUrl: string | undefined;
}

export interface DeploymentTracker {
  readonly run: RunContext;
  readonly log: Logger;
  /** One client per token, loaded on first use. */
  client(token: string): Promise<Octokit>;
  /** Set once GitHub left a record unfinished in its budget: later records are not tried. */
  unanswered: boolean;
}

export function createDeploymentTracker(run: RunContext, log: Logger): DeploymentTracker {
  const clients = new Map<string, Promise<Octokit>>();
  const load = async (token: string): Promise<Octokit> => {
    // Dynamic on purpose: @actions/github stays off the startup path unless `environment` is set.
    const { getOctokit } = await import('@actions/github');
    const quiet = (message: string) => {
      log.debug(`octokit: ${message}`);
    };
    const octokit = getOctokit(token, {
      baseUrl: run.apiUrl,
      userAgent: 'publish-agent',
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    // Our fetch, not the one @actions/github chose: the same proxy choice as provider calls, on
    // connections closed at the end of the step (its own would keep a hanging proxy's CONNECT open).
    octokit.hook.before('request', (options) => {
      options.request = { ...options.request, fetch: cappedFetch(proxiedFetch, MAX_GITHUB_BODY_BYTES) };
    });
    return octokit;
  };
  return {
    run,
    log,
    unanswered: false,
    client(token) {
      let client = clients.get(token);
      if (client === undefined) {
        client = load(token);
        clients.set(token, client);
      }
      return client;
    },
  };
}

/**
 * Publishes one agent inside a deployment record: the deployment and its `in_progress` status once the
 * plan is known (its payload then carries the version and routing; a plan that fails creates it after),
 * `success` or `failure` after. A dry run records nothing. The report gains the deployment's id when one
 * was created. Recording has its own time: the publish's deadline moves on by what recording took, so
 * that the publish's status depends on the publish alone.
 */
export async function recordDeployment(
  tracker: DeploymentTracker,
  request: PublishRequest,
  publish: (request: PublishRequest, hooks: ReleaseHooks) => Promise<AgentReport>,
): Promise<AgentReport> {
  const { deployment, dryRun } = request.settings;
  if (deployment === undefined || dryRun) return publish(request, {});
  let recording: Promise<Recording | undefined> | undefined;
  const start = (planned?: PlannedRelease) =>
    (recording ??= timed(request, () => startRecording(tracker, request, deployment, planned)));
  const report = await publish(request, {
    planned: async (planned) => {
      await start(planned);
    },
  });
  const started = await start();
  if (started === undefined) return report;
  await timed(request, () => started.finish(report));
  return { ...report, deploymentId: String(started.id) };
}
/** What the record keeps for the next rollback: the version released and where calls went after the step. */
function payloadOf(request: PublishRequest, planned: PlannedRelease | undefined) {
  const { adapter, target } = request;
  const release = planned?.release;
  const previous = planned?.previous;
  return compact({
    ...RECORD_MARKER,
    provider: adapter.name,
    agent: target.agentId,
    version: target.version ?? null,
    operation: target.operation,
    released: planned?.releaseKey ?? release?.number ?? release?.id,
    previous: previous?.number ?? previous?.id,
    traffic: planned?.traffic?.map(({ target: route, direction, before, after }) =>
      compact({ target: route, direction, before, after }),
    ),
    fingerprint: planned?.fingerprint,
  });
}

/** Runs a step of recording, then moves the step's deadline on by the time it took. */
async function timed<T>(request: PublishRequest, step: () => Promise<T>): Promise<T> {
  const { deadline } = request.settings;
  const started = deadline.clock.now();
  try {
    return await step();
  } finally {
    deadline.extend(deadline.clock.now() - started);
  }
}

/** Whether a GitHub call failed for lack of time (its budget's signal fired). */
function outOfTime(error: unknown): boolean {
  for (let current: unknown = error; typeof current === 'object' && current !== null;) {
    const { name, cause } = current as { name?: unknown; cause?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    current = cause;
  }
  return false;
}

interface Recording {
  readonly id: number;
  finish(report: AgentReport): Promise<void>;
}

/** What every GitHub call of one agent's record needs. */
interface RecordScope {
  readonly tracker: DeploymentTracker;
  readonly request: PublishRequest;
  readonly settings: DeploymentSettings;
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
  /** Which agent in which environment, for the log. */
  readonly what: string;
  /** Logs a warning that `step` failed; the publish itself goes on. */
  readonly warn: (step: string, error: unknown) => void;
  /** The time left to the calls of this phase: one budget before the publish, a new one after it. */
  budget: AbortSignal;
}

function recordScope(
  tracker: DeploymentTracker,
  request: PublishRequest,
  settings: DeploymentSettings,
): RecordScope | undefined {
  const { run, log } = tracker;
  const { target } = request;
  const what = `${agentLabel(request)} in environment "${settings.environment}"`;
  if (tracker.unanswered) {
    log.warning(
      `Did not record a GitHub deployment for ${what}: the GitHub API did not answer an earlier record in time. The ${target.operation} itself is not affected.`,
    );
    return undefined;
  }
  const [owner, repo] = run.repository?.split('/') ?? [];
  if (owner === undefined || repo === undefined || !run.sha) {
    log.warning(
      `Could not record a GitHub deployment for ${what}: GITHUB_REPOSITORY and GITHUB_SHA are not set. Deployments are recorded only in a GitHub Actions run.`,
    );
    return undefined;
  }
  const redact = createRedactor([settings.token]);
  const warn = (step: string, error: unknown) => {
    if (outOfTime(error)) tracker.unanswered = true;
    const why = outOfTime(error)
      ? `the GitHub API at ${run.apiUrl} did not finish within ${RECORD_BUDGET_MS / 1000} s${proxyNote(run.apiUrl)}; later records of this step are not tried. Check https://www.githubstatus.com, or GITHUB_API_URL on GitHub Enterprise Server.`
      : explain(error, run, redact);
    log.warning(`Could not ${step} for ${what}: ${why} The ${target.operation} itself is not affected.`);
  };
  const budget = AbortSignal.timeout(RECORD_BUDGET_MS);
  return { tracker, request, settings, owner, repo, sha: run.sha, what, warn, budget };
}

function common(scope: RecordScope) {
  return {
    owner: scope.owner,
    repo: scope.repo,
    request: { signal: scope.budget },
  };
}

async function setStatus(
  scope: RecordScope,
  id: number,
  state: FinalState | 'in_progress',
  description: string,
  environmentUrl?: string,
): Promise<void> {
  const { runUrl } = scope.tracker.run;
  const octokit = await scope.tracker.client(scope.settings.token);
  await octokit.rest.repos.createDeploymentStatus({
    ...common(scope),
    deployment_id: id,
    state,
    description: truncate(description, MAX_DESCRIPTION),
    ...(runUrl === undefined ? {} : { log_url: runUrl }),
    ...(environmentUrl === undefined ? {} : { environment_url: environmentUrl }),
  });
}

/** The new deployment's id; throws when GitHub does not create one. */
async function createDeployment(scope: RecordScope, planned: PlannedRelease | undefined): Promise<number> {
  const { adapter, target } = scope.request;
  const octokit = await scope.tracker.client(scope.settings.token);
  const { data } = await octokit.rest.repos.createDeployment({
    ...common(scope),
    ref: scope.sha,
    environment: scope.settings.environment,
    task: RECORD_TASK,
    auto_merge: false,
    required_contexts: [],
    payload: payloadOf(scope.request, planned),
    description: truncate(`${target.operation} ${adapter.name} ${target.agentId}`, MAX_DESCRIPTION),
  });
  // 202 (a merge instead of a deployment) cannot happen with auto_merge: false; kept loud if it does.
  if (!('id' in data)) throw new Error(`GitHub created no deployment: ${data.message ?? 'no reason given'}`);
  return data.id;
}

async function startRecording(
  tracker: DeploymentTracker,
  request: PublishRequest,
  settings: DeploymentSettings,
  planned: PlannedRelease | undefined,
): Promise<Recording | undefined> {
  const scope = recordScope(tracker, request, settings);
  if (scope === undefined) return undefined;
  const { adapter, target } = request;
  const { what, warn } = scope;
  let id: number;
  try {
    id = await createDeployment(scope, planned);
    tracker.log.info(`${what}: GitHub deployment ${id} created`);
  } catch (error) {
    warn('create the GitHub deployment', error);
    return undefined;
  }
  try {
    await setStatus(scope, id, 'in_progress', `${target.operation} ${adapter.name} ${target.agentId}`);
  } catch (error) {
    // The deployment exists: the final status is still worth trying, so only this step is reported.
    warn(`mark GitHub deployment ${id} in progress`, error);
  }
  return {
    id,
    async finish(report) {
      scope.budget = AbortSignal.timeout(RECORD_BUDGET_MS);
      const outcome = outcomeOf(report);
      const environmentUrl = outcome.state === 'success' ? adapter.dashboardUrl?.(target.agentId) : undefined;
      try {
        await setStatus(scope, id, outcome.state, outcome.description, environmentUrl);
        tracker.log.info(`${what}: GitHub deployment ${id}: ${outcome.state}`);
      } catch (error) {
        warn(`mark GitHub deployment ${id} as ${outcome.state}`, error);
      }
    },
  };
}

/**
 * The final status: `<provider> <agent-id> v16`, `… already live`, `… unpublished`, or the failure's first line
 * rendered without its agent (the deployment is that agent's), so that the cause fits in 140 characters.
 */
export function outcomeOf(report: AgentReport): { state: FinalState; description: string } {
  if (report.error !== undefined)
    return { state: 'failure', description: firstLine(renderFailure(report.error, false)) };
  const version =
    report.version === undefined ? '' : ` ${/^\d+$/.test(report.version) ? 'v' : ''}${report.version}`;
  const subject = `${report.provider} ${report.agentId}${version}`;
  if (report.status === 'unchanged') return { state: 'success', description: `${subject} already live` };
  if (report.status === 'unpublished') return { state: 'success', description: `${subject} unpublished` };
  if (report.status === 'rolled-back') return { state: 'success', description: `${subject} rolled back` };
  return { state: 'success', description: subject };
}

/** Why GitHub did not take the record, and what to do about it; never the token. */
export function explain(error: unknown, run: RunContext, redact: (text: string) => string): string {
  const detail = truncate(redact(firstLine(error instanceof Error ? error.message : String(error))), 200);
  const status = answeredStatus(error);
  if (status === undefined) {
    return `the GitHub API at ${run.apiUrl} did not answer (${detail}). Check https://www.githubstatus.com, or GITHUB_API_URL on GitHub Enterprise Server.`;
  }
  const answered = `GitHub answered HTTP ${status} (${detail}).`;
  if (status === 401)
    return `${answered} The github-token is invalid or expired: leave github-token at its default or pass a valid token.`;
  if (status === 403)
    return `${answered} The token lacks the \`deployments: write\` permission: add \`permissions: deployments: write\` (and \`contents: read\`) to the job, or pass a github-token that has it.`;
  if (status === 404)
    return `${answered} The token cannot see the repository ${run.repository ?? ''}: pass a github-token with access to it.`;
  return answered;
}

/** The HTTP status GitHub answered with; undefined when no answer arrived (Octokit then reports 500 without a response). */
function answeredStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const { response } = error;
  if (typeof response !== 'object' || response === null || !('status' in response)) return undefined;
  return typeof response.status === 'number' ? response.status : undefined;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
