// One agent's report, written from what its run has learned so far, whichever step it ended in.
import type { PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { compact } from '../compact.ts';
import type { Applied, Plan, PlannedRoute, VersionRef } from '../providers/types.ts';
import { routeChanges } from '../routing/writes.ts';
import { describeWrite } from './describe-write.ts';
import { agentLabel } from '../inputs/agent-label.ts';
import { unchangedFailure } from './failure.ts';
import type { AgentReport, SummaryLine } from './report.ts';
import type { TestGateReport } from './test-verdict.ts';
import type { ConfigDiff } from '../diff/types.ts';
import { hiddenCredentials } from '../diff/redact-config.ts';
import type { RouteRecord } from '../routing/where.ts';

/** The step an agent's run is in: where a failure happened. */
export type Stage = 'plan' | 'apply' | 'verify';

/** What the run has learned so far; the report is written from it whichever step it ends in. */
export interface Progress {
  stage: Stage;
  plan?: Plan;
  applied?: Applied;
  /** Set when a write's answer was lost and reading the agent again showed it had gone through. */
  confirmedByReread?: string | undefined;
  /** The step's routes, once planned; undefined when it routes no traffic. */
  routes?: readonly PlannedRoute[] | undefined;
  /** Rollback: where the version it puts back came from. */
  rollbackFrom?: string;
  /** The platform's tests run on the candidate before any write, where the step asks for them. */
  tests?: TestGateReport | undefined;
  /** What the release changes in the configuration, where the provider reads it. */
  diff?: ConfigDiff | undefined;
  /** Where calls go after the writes, every route of the agent, where the provider reads them. */
  where?: readonly RouteRecord[];
}

/** What a report says of its agent whatever happened, also when it never started. */
export function reportBase(request: PublishRequest) {
  const { adapter, target } = request;
  return compact({
    name: request.name,
    provider: adapter.name,
    providerName: adapter.displayName,
    agentId: target.agentId,
    operation: target.operation,
    description: target.description,
  });
}

/**
 * What is live, as far as known: before a write, what the plan read; after it, what the write
 * answered (or, where traffic was routed, the version released); once a write was sent but failed,
 * nothing (better empty than a guess).
 */
function liveOf(progress: Progress, status: AgentReport['status']): VersionRef | undefined {
  const { plan, applied, stage } = progress;
  if (status === 'failed' && stage !== 'plan') return undefined;
  const routed = progress.routes !== undefined && status !== 'failed' && status !== 'dry-run';
  if (
    routed &&
    plan?.release !== undefined &&
    (plan.release.number !== undefined || applied?.live === undefined)
  )
    return plan.release;
  return applied === undefined ? plan?.live : applied.live;
}

/** The adapter's own outputs grouped by the summary line it declared for them, in its order. */
function summaryLines(request: PublishRequest, outputs: Applied['outputs']): SummaryLine[] | undefined {
  if (outputs === undefined) return undefined;
  const lines = new Map<string, { name: string; value: string }[]>();
  for (const { name, summaryLine } of request.adapter.extraOutputs ?? []) {
    const value = outputs[name];
    if (summaryLine === undefined || value === undefined) continue;
    lines.set(summaryLine, [...(lines.get(summaryLine) ?? []), { name, value }]);
  }
  return lines.size === 0 ? undefined : [...lines].map(([label, values]) => ({ label, values }));
}

export function reportOf(
  request: PublishRequest,
  progress: Progress,
  status: AgentReport['status'],
): AgentReport {
  const { plan, applied, confirmedByReread } = progress;
  const warnings = [
    ...(plan?.warnings ?? []),
    ...(applied?.warnings ?? []),
    ...(progress.where ?? []).flatMap((route) => (route.warning === undefined ? [] : [route.warning])),
  ];
  const live = liveOf(progress, status);
  return compact({
    ...reportBase(request),
    status,
    agentName: plan?.agentName,
    previousVersion: plan?.live?.number,
    version: live?.number,
    versionId: live?.id,
    reason: confirmedByReread ?? applied?.unchangedReason ?? plan?.reason,
    // An answer may echo the whole configuration, tool credentials included.
    response: applied?.response === undefined ? undefined : hiddenCredentials(applied.response),
    outputs: applied?.outputs,
    summaryLines: summaryLines(request, applied?.outputs),
    warnings: warnings.length === 0 ? undefined : warnings,
    traffic: progress.routes === undefined ? undefined : routeChanges(progress.routes),
    rollbackFrom: progress.rollbackFrom,
    tests: progress.tests,
    diff: progress.diff,
    routes: progress.where,
  });
}

export function dryRunReport(
  request: PublishRequest,
  progress: Progress,
  plan: Plan,
  log: Logger,
): AgentReport {
  const writes = [plan.write, ...(progress.routes ?? []).map((route) => route.write)].flatMap((write) =>
    write === undefined ? [] : [describeWrite(request, write)],
  );
  const wouldSend = writes.length === 0 ? undefined : writes.join('\n\n');
  log.info(
    wouldSend === undefined
      ? `${agentLabel(request)}: dry run: nothing would be sent: ${plan.reason}.`
      : `Dry run: would send\n${wouldSend}`,
  );
  return compact({
    ...reportOf(request, progress, 'dry-run'),
    plannedVersion: plan.write === undefined ? undefined : plan.next?.number,
    request: wouldSend,
  });
}

/** Nothing to do: a success (a notice), or with on-unchanged: fail, a failure. */
export function unchangedReport(
  request: PublishRequest,
  progress: Progress,
  reason: string,
  log: Logger,
): AgentReport {
  const report = reportOf(request, progress, 'unchanged');
  const failure = unchangedFailure(request, reason);
  if (request.settings.onUnchanged === 'fail') return { ...report, error: failure };
  log.notice(failure.message);
  return report;
}
