// An agent's release history, from the GitHub deployment records of the step's environment: what a
// rollback without a version restores (src/publish/rollback-target.ts). Only the action's own records of
// releases that succeeded count (release-record.ts says which); every other record is passed over with a
// log line that says why. Every call counts against the step's deadline: a rollback that cannot read its
// history in time fails and says so, a publish (the fingerprint) goes on without it.
import { StateError } from '../errors.ts';
import { createRedactor } from '../http/redact.ts';
import type { DeploymentSettings, PublishRequest } from '../inputs/index.ts';
import type { RecordedRelease } from '../publish/hooks.ts';
import { explain, GITHUB_TIMEOUT_MS, type DeploymentTracker, type Octokit } from './deployments.ts';
import { fingerprintOf, readRecord, RECORD_TASK, trustedRecord } from './release-record.ts';

const PER_PAGE = 100;
/** Records looked through at most, newest first: a rollback goes back one release, not a year. */
const MAX_PAGES = 5;

/** What every GitHub call of one lookup needs; `signal` gives each call the time left, at most its own limit. */
interface Lookup {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
  readonly request: PublishRequest;
  readonly settings: DeploymentSettings;
}

class DeadlinePassed extends Error {}

function call(lookup: Lookup) {
  const { deadline, timeoutMs } = lookup.request.settings;
  const left = deadline.remainingMs();
  if (left <= 0) throw new DeadlinePassed();
  const ms = Math.ceil(Math.min(GITHUB_TIMEOUT_MS, timeoutMs, left));
  return { owner: lookup.owner, repo: lookup.repo, request: { signal: AbortSignal.timeout(ms) } };
}

async function lookupOf(tracker: DeploymentTracker, request: PublishRequest, settings: DeploymentSettings) {
  const [owner, repo] = tracker.run.repository?.split('/') ?? [];
  if (owner === undefined || repo === undefined) return undefined;
  return { octokit: await tracker.client(settings.token), owner, repo, request, settings };
}

/** Whether a deployment's latest status is `success`. */
async function succeeded(lookup: Lookup, id: number): Promise<boolean> {
  const { data } = await lookup.octokit.rest.repos.listDeploymentStatuses({
    ...call(lookup),
    deployment_id: id,
    per_page: 1,
  });
  return data[0]?.state === 'success';
}

async function listPage(lookup: Lookup, page: number): Promise<unknown[]> {
  const { data } = await lookup.octokit.rest.repos.listDeployments({
    ...call(lookup),
    environment: lookup.settings.environment,
    task: RECORD_TASK,
    per_page: PER_PAGE,
    page,
  });
  return data;
}

/** This agent's successful releases, newest first, until `enough` says so. */
async function readReleases(
  lookup: Lookup,
  tracker: DeploymentTracker,
  enough: (releases: readonly RecordedRelease[]) => boolean,
): Promise<RecordedRelease[]> {
  const releases: RecordedRelease[] = [];
  const { environment } = lookup.settings;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await listPage(lookup, page);
    const readings = data.map((item) => readRecord(item, lookup.request, environment));
    // GitHub lists newest first; sorted here too, so the order does not rest on that.
    const found = readings.flatMap((reading) => ('release' in reading ? [reading.release] : []));
    readings.forEach((reading, i) => {
      if (!('skipped' in reading)) return;
      const line = `GitHub deployment ${recordId(data[i])} is not used to choose the rollback: ${reading.skipped}.`;
      if (reading.warn) tracker.log.warning(line);
      else tracker.log.debug(line);
    });
    for (const release of found.toSorted((a, b) => b.id - a.id)) {
      if (!(await succeeded(lookup, release.id))) continue;
      releases.push(release);
      if (enough(releases)) return releases;
    }
    if (data.length < PER_PAGE) break;
  }
  return releases;
}

/** A record's id for a log line: only when it is a number (text the action did not write is never printed). */
function recordId(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : '(without an id)';
}

/**
 * The release history for a rollback, or undefined without `environment`. A GitHub failure, or the
 * deadline passing, is an error: without the records, the rollback has no target it can trust.
 */
export function releaseHistory(
  tracker: DeploymentTracker,
  request: PublishRequest,
): ((enough: (releases: readonly RecordedRelease[]) => boolean) => Promise<RecordedRelease[]>) | undefined {
  const settings = request.settings.deployment;
  if (settings === undefined) return undefined;
  return async (enough) => {
    const where = `the GitHub deployments of environment "${settings.environment}"`;
    try {
      const lookup = await lookupOf(tracker, request, settings);
      if (lookup === undefined)
        throw new StateError(
          `GITHUB_REPOSITORY is not set as owner/name, so ${where} cannot be read to find the version to roll back to.`,
          'Run the step in a GitHub Actions workflow (the runner sets GITHUB_REPOSITORY), or set version to the version to put back.',
        );
      return await readReleases(lookup, tracker, enough);
    } catch (error) {
      if (error instanceof StateError) throw error;
      if (error instanceof DeadlinePassed || request.settings.deadline.remainingMs() <= 0)
        throw new StateError(
          `the step's deadline (deadline-seconds) passed while reading ${where} to find the version to roll back to.`,
          'Set version to the version to put back, or raise deadline-seconds, then re-run.',
        );
      const redact = createRedactor([settings.token]);
      throw new StateError(
        `Could not read ${where} to find the version to roll back to: ${explain(error, tracker.run, redact)}`,
        'Set version to the version to put back, or fix the access to the deployments and re-run.',
      );
    }
  };
}

/**
 * The configuration fingerprint of this agent's newest successful release (first page only: the last
 * release is recent), for the release diff of a provider that shows one side only. Best effort, within
 * the step's deadline: the caller goes on without it.
 */
export function recordedFingerprint(
  tracker: DeploymentTracker,
  request: PublishRequest,
): (() => Promise<string | undefined>) | undefined {
  const settings = request.settings.deployment;
  if (settings === undefined) return undefined;
  return async () => {
    const lookup = await lookupOf(tracker, request, settings);
    if (lookup === undefined) return undefined;
    const data = await listPage(lookup, 1);
    const records = data
      .flatMap((item) => {
        const record = trustedRecord(item, request, settings.environment);
        const fingerprint = 'skipped' in record ? undefined : fingerprintOf(record.payload);
        return fingerprint === undefined || 'skipped' in record ? [] : [{ id: record.id, fingerprint }];
      })
      .sort((a, b) => b.id - a.id);
    for (const record of records) if (await succeeded(lookup, record.id)) return record.fingerprint;
    return undefined;
  };
}
