// The step's outputs, mapped from the agents' reports.
import type { FailureDescription } from '../errors.ts';
import { countsOf, overallStatus, type AgentReport } from '../publish/report.ts';

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
  'traffic',
  'result',
  'published-count',
  'unchanged-count',
  'failed-count',
  'matrix',
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];

export function outputsFor(report: AgentReport): Partial<Record<OutputName, string>> {
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
    traffic: report.traffic === undefined ? '' : JSON.stringify(report.traffic),
    result: JSON.stringify(report),
  };
}

/**
 * The outputs of a run that reached the providers. Without a manifest, or with one entry, the
 * single-agent outputs; with a manifest, `result` is an array with one object per entry.
 */
export function outputsForReports(
  reports: readonly AgentReport[],
  manifest: boolean,
): Partial<Record<OutputName, string>> {
  const [single] = reports;
  const counts = countsOf(reports);
  return {
    ...(single !== undefined && reports.length === 1 ? outputsFor(single) : {}),
    status: overallStatus(reports),
    'published-count': String(counts.published),
    'unchanged-count': String(counts.unchanged),
    'failed-count': String(counts.failed),
    ...(manifest ? { result: JSON.stringify(reports), traffic: manifestTraffic(reports) } : {}),
  };
}

/** With a manifest: one object per entry that routes traffic, `[]` when none does. */
function manifestTraffic(reports: readonly AgentReport[]): string {
  return JSON.stringify(
    reports.flatMap((report) =>
      report.traffic === undefined
        ? []
        : [
            {
              ...(report.name === undefined ? {} : { name: report.name }),
              agentId: report.agentId,
              traffic: report.traffic,
            },
          ],
    ),
  );
}

/** Bad input: no agent was reached, so only the status and the error are known. */
export function outputsForInputFailure(failure: FailureDescription): Partial<Record<OutputName, string>> {
  return { status: 'failed', result: JSON.stringify({ status: 'failed', error: failure }) };
}
