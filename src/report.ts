// What one agent's publish ended in: the single source for outputs, the summary and the log.
import type { FailureDescription } from './errors.ts';
import type { Operation } from './providers/types.ts';

export type Status = 'published' | 'unpublished' | 'unchanged' | 'dry-run' | 'failed';

export interface AgentReport {
  readonly provider: string;
  readonly providerName: string;
  readonly agentId: string;
  readonly agentName?: string;
  readonly operation: Operation;
  readonly status: Status;
  readonly version?: string;
  readonly versionId?: string;
  readonly previousVersion?: string;
  readonly publishedAt?: string;
  readonly description: string;
  /** What the plan decided, or why nothing changed. */
  readonly reason?: string;
  /** Dry run: the request that would have been sent, key redacted. */
  readonly request?: string;
  /** The provider's redacted response to the write. */
  readonly response?: unknown;
  readonly error?: FailureDescription;
  /** The GitHub deployment that records this publish, when one was created. */
  readonly deploymentId?: string;
}

export const OUTPUT_NAMES = [
  'status',
  'version',
  'version-id',
  'previous-version',
  'agent-id',
  'agent-name',
  'provider',
  'published-at',
  'deployment-id',
  'result',
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];

export function outputsFor(report: AgentReport): Record<OutputName, string> {
  return {
    status: report.status,
    version: report.version ?? '',
    'version-id': report.versionId ?? '',
    'previous-version': report.previousVersion ?? '',
    'agent-id': report.agentId,
    'agent-name': report.agentName ?? '',
    provider: report.provider,
    'published-at': report.publishedAt ?? '',
    'deployment-id': report.deploymentId ?? '',
    result: JSON.stringify(report),
  };
}

/** Bad input: no agent was reached, so only the status and the error are known. */
export function outputsForInputFailure(failure: FailureDescription): Partial<Record<OutputName, string>> {
  return { status: 'failed', result: JSON.stringify({ status: 'failed', error: failure }) };
}

/** Every failure of the step, the input failure first: what the log, summary and exit code report. */
export function failuresOf(
  reports: readonly AgentReport[],
  inputFailure?: FailureDescription,
): FailureDescription[] {
  const failures = reports.flatMap((report) => (report.error === undefined ? [] : [report.error]));
  return inputFailure === undefined ? failures : [inputFailure, ...failures];
}
