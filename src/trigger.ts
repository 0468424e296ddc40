// What started the workflow, read from the @actions/github context: used for the default
// description and the job summary.
import { context } from '@actions/github';

export interface Trigger {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly actor: string;
  readonly workflow: string;
  readonly runNumber: number;
  /** Link to the workflow run; undefined outside a runner. */
  readonly runUrl: string | undefined;
  /** Link to the commit; undefined outside a runner. */
  readonly commitUrl: string | undefined;
}

/** Outside a runner the context's fields are undefined, whatever their declared types say. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function readTrigger(): Trigger {
  const repository = process.env.GITHUB_REPOSITORY;
  const base = repository ? `${context.serverUrl}/${repository}` : undefined;
  return {
    eventName: text(context.eventName),
    ref: text(context.ref),
    sha: text(context.sha),
    actor: text(context.actor),
    workflow: text(context.workflow),
    runNumber: context.runNumber || 0,
    runUrl: base && context.runId ? `${base}/actions/runs/${context.runId}` : undefined,
    commitUrl: base && context.sha ? `${base}/commit/${context.sha}` : undefined,
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
