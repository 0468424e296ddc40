// What started the workflow, read from the runner's GITHUB_* variables: used for the default
// description and the job summary. These are the variables @actions/github's context reads; reading
// them here keeps Octokit, and the event payload file the context parses, out of every run.

export interface Trigger {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  /** owner/repo; '' outside a runner. */
  readonly repository: string;
  readonly actor: string;
  readonly workflow: string;
  readonly runNumber: number;
  /** Link to the workflow run; undefined outside a runner. */
  readonly runUrl: string | undefined;
  /** Link to the commit; undefined outside a runner. */
  readonly commitUrl: string | undefined;
}

/** A variable of the step's environment, as the runner gives it (src/action/core.ts). */
type Environment = (name: string) => string | undefined;

function positiveInteger(value: string | undefined): number {
  const number = Number.parseInt(value ?? '', 10);
  return number > 0 ? number : 0;
}

export function readTrigger(env: Environment): Trigger {
  const sha = env('GITHUB_SHA') ?? '';
  const runId = positiveInteger(env('GITHUB_RUN_ID'));
  const repository = env('GITHUB_REPOSITORY') ?? '';
  const base = repository ? `${env('GITHUB_SERVER_URL') || 'https://github.com'}/${repository}` : undefined;
  return {
    eventName: env('GITHUB_EVENT_NAME') ?? '',
    ref: env('GITHUB_REF') ?? '',
    sha,
    repository,
    actor: env('GITHUB_ACTOR') ?? '',
    workflow: env('GITHUB_WORKFLOW') ?? '',
    runNumber: positiveInteger(env('GITHUB_RUN_NUMBER')),
    runUrl: base && runId ? `${base}/actions/runs/${runId}` : undefined,
    commitUrl: base && sha ? `${base}/commit/${sha}` : undefined,
  };
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

const TAG_PREFIX = 'refs/tags/';

/** `v1.4.0 (a1b2c3d)` on a tag push, `<workflow> #<run number> (a1b2c3d)` otherwise. */
export function defaultDescription(trigger: Trigger): string {
  const commit = trigger.sha === '' ? '' : ` (${shortSha(trigger.sha)})`;
  if (trigger.ref.startsWith(TAG_PREFIX)) return `${trigger.ref.slice(TAG_PREFIX.length)}${commit}`;
  const run = trigger.runNumber ? ` #${trigger.runNumber}` : '';
  return `${trigger.workflow || 'publish-agent'}${run}${commit}`;
}
