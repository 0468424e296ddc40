// The step's outputs, mapped from the agents' reports.
import type { FailureDescription } from '../errors.ts';
import { providers } from '../providers/index.ts';
import { countsOf, overallStatus, type AgentReport } from '../publish/report.ts';
import { diffJson, manifestDiff } from './output-diff.ts';
import { capped, isIsoTimestamp, oneLine } from './untrusted-text.ts';

/** Under GitHub's 1 MB for all of a step's outputs, with room for the others. */
export const MAX_RESULT_BYTES = 900_000;

/** The outputs every step sets; the adapters declare their own (extraOutputs) beside them. */
const COMMON_OUTPUTS = [
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
  'routes',
  'tests',
  'tests-report',
  'diff',
  'result',
  'published-count',
  'unchanged-count',
  'failed-count',
  'matrix',
] as const;

/** The adapters' own outputs: set for every agent ('' where its provider has none), so a workflow can read them always. */
const EXTRA_OUTPUTS = [
  ...new Set(providers.flatMap((adapter) => (adapter.extraOutputs ?? []).map((output) => output.name))),
];

/** Every output the step sets: what action.yml declares. */
export const OUTPUT_NAMES: readonly string[] = [...COMMON_OUTPUTS, ...EXTRA_OUTPUTS];

/** Provider strings in the outputs: one line each, `published-at` ISO 8601 or empty. */
export function outputsFor(report: AgentReport): Record<string, string> {
  const publishedAt = report.publishedAt ?? '';
  return {
    status: report.status,
    version: oneLine(report.version ?? ''),
    'version-id': oneLine(report.versionId ?? ''),
    'previous-version': oneLine(report.previousVersion ?? ''),
    'agent-id': report.agentId,
    'agent-name': oneLine(report.agentName ?? ''),
    provider: report.provider,
    'published-at': isIsoTimestamp(publishedAt) ? publishedAt : '',
    'deployment-id': oneLine(report.deploymentId ?? ''),
    ...Object.fromEntries(EXTRA_OUTPUTS.map((name) => [name, oneLine(report.outputs?.[name] ?? '')])),
    traffic: report.traffic === undefined ? '' : JSON.stringify(report.traffic),
    routes: report.routes === undefined ? '' : JSON.stringify(cappedStrings(report.routes, 1000)),
    tests: testsJson(report),
    diff: diffJson(report.diff),
    result: resultJson(report),
  };
}

/** Why an output was left empty: a provider's time that is not ISO 8601. */
export function outputWarnings(reports: readonly AgentReport[]): string[] {
  return reports.flatMap((report) =>
    report.publishedAt === undefined || isIsoTimestamp(report.publishedAt)
      ? []
      : [
          `${report.providerName} answered a publish time for agent ${report.agentId} that is not an ISO 8601 date ("${oneLine(report.publishedAt, 40)}"): published-at is left empty.`,
        ],
  );
}

/** Every string capped, so that one provider answer cannot fill the outputs. */
function cappedStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return capped(value, max);
  if (Array.isArray(value)) return value.map((item) => cappedStrings(item, max));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cappedStrings(item, max)]));
  return value;
}

/**
 * The `result` JSON within GitHub's limit: each string capped; if still too long (a large manifest),
 * without the providers' raw responses and dry-run requests, and with shorter strings.
 */
export function resultJson(value: AgentReport | readonly AgentReport[]): string {
  const full = JSON.stringify(cappedStrings(value, 2000));
  if (Buffer.byteLength(full) <= MAX_RESULT_BYTES) return full;
  const lean = (report: AgentReport) => ({
    ...report,
    response: undefined,
    request: undefined,
    diff: undefined,
  });
  return JSON.stringify(
    cappedStrings(Array.isArray(value) ? value.map(lean) : lean(value as AgentReport), 200),
  );
}

/**
 * The outputs of a run that reached the providers. Without a manifest, or with one entry, the
 * single-agent outputs; with a manifest, `result` is an array with one object per entry.
 */
export function outputsForReports(
  reports: readonly AgentReport[],
  manifest: boolean,
): Record<string, string> {
  const [single] = reports;
  const counts = countsOf(reports);
  return {
    ...(single !== undefined && reports.length === 1 ? outputsFor(single) : {}),
    status: overallStatus(reports),
    'published-count': String(counts.published),
    'unchanged-count': String(counts.unchanged),
    'failed-count': String(counts.failed),
    ...(manifest
      ? {
          result: resultJson(reports),
          traffic: manifestTraffic(reports),
          routes: manifestRoutes(reports),
          tests: manifestTests(reports),
          diff: manifestDiff(reports),
        }
      : {}),
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

/** With a manifest: one object per entry whose routes were read, `[]` when none were. */
function manifestRoutes(reports: readonly AgentReport[]): string {
  return JSON.stringify(
    reports.flatMap((report) =>
      report.routes === undefined
        ? []
        : [
            {
              ...(report.name === undefined ? {} : { name: report.name }),
              agentId: report.agentId,
              routes: cappedStrings(report.routes, 500),
            },
          ],
    ),
  );
}

/** The test gate's report as JSON, provider text capped; empty when the step ran no tests. */
function testsJson(report: AgentReport): string {
  return report.tests === undefined ? '' : JSON.stringify(cappedStrings(report.tests, 1000));
}

/** With a manifest: one object per entry that ran tests, `[]` when none did. */
function manifestTests(reports: readonly AgentReport[]): string {
  return JSON.stringify(
    reports.flatMap((report) =>
      report.tests === undefined
        ? []
        : [
            {
              ...(report.name === undefined ? {} : { name: report.name }),
              agentId: report.agentId,
              tests: cappedStrings(report.tests, 500),
            },
          ],
    ),
  );
}

/** Bad input: no agent was reached, so only the status and the error are known. */
export function outputsForInputFailure(failure: FailureDescription): Record<string, string> {
  return {
    status: 'failed',
    result: JSON.stringify(cappedStrings({ status: 'failed', error: failure }, MAX_RESULT_BYTES / 10)),
  };
}
