// What one agent's publish ended in, and what many agents ended in together: the single source for
// outputs, the summary and the log.
import type { ConfigDiff } from '../diff/types.ts';
import type { FailureDescription } from '../errors.ts';
import type { AgentFailure } from './failure.ts';
import { redactValue, type Redactor } from '../http/redact.ts';
import type { Logger } from '../log.ts';
import type { Operation, RouteChange } from '../providers/types.ts';
import type { TestGateReport } from './test-verdict.ts';
import type { RouteRecord } from '../routing/where.ts';

export type Status =
  'published' | 'unpublished' | 'rolled-back' | 'unchanged' | 'dry-run' | 'failed' | 'skipped';

/** The step's status with a manifest of several agents: some failed and some did not → partial. */
export type OverallStatus = Status | 'partial';

export interface AgentReport {
  /** The manifest entry's name, where it has one. */
  readonly name?: string;
  readonly provider: string;
  readonly providerName: string;
  readonly agentId: string;
  readonly agentName?: string;
  readonly operation: Operation;
  readonly status: Status;
  readonly version?: string;
  readonly versionId?: string;
  readonly previousVersion?: string;
  /** Dry run: the version the write would make live, where the provider names it in advance. */
  readonly plannedVersion?: string;
  readonly publishedAt?: string;
  readonly description: string;
  /** What the plan decided, or why nothing changed. */
  readonly reason?: string;
  /** Dry run: the request that would have been sent, key redacted. */
  readonly request?: string;
  /** The provider's redacted response to the write. */
  readonly response?: unknown;
  /** Values of the provider's own outputs (its adapter's extraOutputs), by output name. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Those outputs grouped into the job summary lines the adapter declared for them. */
  readonly summaryLines?: readonly SummaryLine[];
  /** What the step should know although it did not fail, e.g. a binding that came back empty. */
  readonly warnings?: readonly string[];
  readonly error?: AgentFailure;
  /**
   * Where calls go, route by route, before and after the step (dry run: what it would do); only when the
   * step routes traffic. After a failed write: as planned, unconfirmed (the error says so).
   */
  readonly traffic?: readonly RouteChange[];
  /** Rollback: where the version put back came from ("version input", "the canary in progress on …"). */
  readonly rollbackFrom?: string;
  /** The platform's tests run before any write (dry run too), where the step asked for them. */
  readonly tests?: TestGateReport;
  /** What the release changes in the agent's configuration, where the provider reads it. */
  readonly diff?: ConfigDiff;
  /**
   * Where calls go after the step: every route of the agent, read after the writes, each judged against
   * what the step asked; only where the provider reads its routes.
   */
  readonly routes?: readonly RouteRecord[];
  /** The GitHub deployment that records this publish, when one was created. */
  readonly deploymentId?: string;
}

/** One job summary line an adapter declared: "**Bindings:** `inbound-phone-number-id` `b7e2` · …". */
export interface SummaryLine {
  readonly label: string;
  readonly values: readonly { readonly name: string; readonly value: string }[];
}

/** Failed: it has an error, including an `unchanged` failed by on-unchanged: fail. */
export function isFailure(report: AgentReport): boolean {
  return report.error !== undefined;
}

/**
 * One agent: its own status. Several: `failed` when none succeeded, `partial` when some failed or
 * were skipped, else the status they share (all `unchanged`, all `dry-run`…), else `published`.
 */
export function overallStatus(reports: readonly AgentReport[]): OverallStatus {
  const [single] = reports;
  if (single !== undefined && reports.length === 1) return single.status;
  const done = reports.filter((report) => !isFailure(report) && report.status !== 'skipped');
  if (done.length === 0) return 'failed';
  if (done.length < reports.length) return 'partial';
  const statuses = new Set(done.map((report) => report.status));
  const [shared] = statuses;
  return statuses.size === 1 && shared !== undefined ? shared : 'published';
}

/** The statuses of a step that changed something live. */
export const CHANGED: readonly Status[] = ['published', 'unpublished', 'rolled-back'];

export function countsOf(
  reports: readonly AgentReport[],
): Record<'published' | 'unchanged' | 'failed', number> {
  const succeeded = reports.filter((report) => !isFailure(report));
  return {
    published: succeeded.filter((report) => CHANGED.includes(report.status)).length,
    unchanged: succeeded.filter((report) => report.status === 'unchanged').length,
    failed: reports.length - succeeded.length,
  };
}

/** Every failure of the step, the input failure first: what the log, summary and exit code report. */
export function failuresOf(
  reports: readonly AgentReport[],
  inputFailure?: FailureDescription,
): FailureDescription[] {
  const failures = reports.flatMap((report) => (report.error === undefined ? [] : [report.error]));
  return inputFailure === undefined ? failures : [inputFailure, ...failures];
}

/**
 * Every time the action writes (the published-at output, the summary): ISO 8601 in UTC, to the
 * second, whatever form the provider gave; `now` when it gave none. A time that cannot be read is
 * kept as it came, so that the outputs leave it out with a warning rather than report a guess.
 */
export function isoSeconds(when: string | undefined, now = new Date()): string {
  const parsed = when === undefined ? now : new Date(when);
  if (Number.isNaN(parsed.getTime())) return when ?? '';
  return parsed.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Fields the action writes itself (a status, a provider's name): never redacted, so never corrupted. */
const OWN_FIELDS = new Set(['provider', 'providerName', 'operation', 'status']);

/** The report with the key cut out of every text that came from a provider or the user. */
export function redactReport(report: AgentReport, redact: Redactor): AgentReport {
  return Object.fromEntries(
    Object.entries(report).map(([field, value]) => [
      field,
      OWN_FIELDS.has(field) ? value : redactValue(value, redact),
    ]),
  ) as unknown as AgentReport;
}

/** A logger that cuts the key out of every message. */
export function redactingLogger(log: Logger, redact: Redactor): Logger {
  return {
    info: (message) => {
      log.info(redact(message));
    },
    notice: (message) => {
      log.notice(redact(message));
    },
    warning: (message) => {
      log.warning(redact(message));
    },
    debug: (message) => {
      log.debug(redact(message));
    },
  };
}
