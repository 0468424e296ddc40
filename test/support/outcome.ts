// What a run ended in, read as structure rather than as sentences (see test/support/README.md): the
// annotations of one kind the step printed, and the failure the `result` output carries as fields.
import { hintForStatus } from '../../src/http/failures.ts';
import { providers } from '../../src/providers/index.ts';
import type { ActionRun } from './run-action.ts';

export type AnnotationKind = 'error' | 'warning' | 'notice';

/** The text of every `::<kind>::` line the step printed (with or without properties), in order. */
export function annotations(stdout: string, kind: AnnotationKind): string[] {
  const pattern = new RegExp(`^::${kind}(?: [^:]*)?::(.*)$`, 'gm');
  return [...stdout.matchAll(pattern)].map((match) => match[1] ?? '');
}

/**
 * The warnings that name one write (method and path, as the request line shows them): a write whose answer
 * was lost is doubted in a warning before it is read again.
 */
export function doubts(run: ActionRun, write: string): string[] {
  return annotations(run.stdout, 'warning').filter((line) => line.includes(write));
}

/** A failure as the `result` output carries it: the agent's fields, or an input failure's message and hint. */
export interface ResultError {
  readonly provider?: string;
  readonly agent?: string;
  readonly operation?: string;
  readonly step?: string;
  /** What went wrong, in the words of whoever found it; '' for an input failure, which has no cause field. */
  readonly cause: string;
  readonly stepText?: string;
  readonly message: string;
  readonly hint: string;
}

/** The failure of a one-agent run (the `result` output's `error`); throws when the run has none. */
export function resultError(run: ActionRun): ResultError {
  const error = run.result.error as ResultError | undefined;
  if (error === undefined)
    throw new Error(`the run has no error in its result: ${JSON.stringify(run.result)}`);
  return error;
}

/** The hint for an HTTP status from a provider (its own, else the generic one): what the person is told to do. */
export function statusHint(provider: string, status: number): string {
  const adapter = providers.find((candidate) => candidate.name === provider);
  if (adapter === undefined) throw new Error(`no provider ${provider}`);
  const { displayName, apiKeyEnv, hints } = adapter;
  return hintForStatus(status, { provider: displayName, apiKeyEnv, hints });
}
