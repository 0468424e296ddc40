// One agent, start to end: plan (reads) → apply (the one write) → verify (read back) → report.
// Every provider goes through exactly these steps; a manifest of agents runs this once per agent.
import { describeFailure, StateError } from '../errors.ts';
import { createHttpClient } from '../http/client.ts';
import { createRedactor } from '../http/redact.ts';
import { buildUrl } from '../http/url.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { compact } from '../providers/json.ts';
import type { Applied, AdapterContext, Plan, VersionRef, WriteRequest } from '../providers/types.ts';
import { stopwatch } from '../timing.ts';
import { isoSeconds, redactReport, redactingLogger, type AgentReport } from './report.ts';
import { applyOnce, versionLabel } from './safe-write.ts';

type Stage = 'plan' | 'apply' | 'verify';

/** The write as a person would read it, key redacted: what a dry run prints. */
export function describeWrite(baseUrl: string, write: WriteRequest): string {
  const lines = [
    `${write.method} ${buildUrl(baseUrl, write.path, write.query)}`,
    'Authorization: Bearer ***',
  ];
  if (write.body !== undefined)
    lines.push('Content-Type: application/json', '', JSON.stringify(write.body, null, 2));
  return lines.join('\n');
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

/** What the run has learned so far; the report is written from it whichever step it ends in. */
interface Progress {
  stage: Stage;
  plan?: Plan;
  applied?: Applied;
  /** Set when a write's answer was lost and reading the agent again showed it had gone through. */
  confirmedByReread?: string | undefined;
}

/**
 * Adapters read the provider's answers as sent; the key is cut out of everything that leaves here,
 * every log line and the report, so that a key that is also a word of an answer cannot corrupt it.
 */
export async function publishAgent(request: PublishRequest, log: Logger): Promise<AgentReport> {
  const redact = createRedactor([request.apiKey]);
  return redactReport(await publishRedacted(request, redactingLogger(log, redact)), redact);
}

async function publishRedacted(request: PublishRequest, log: Logger): Promise<AgentReport> {
  const context = adapterContext(request, log);
  const progress: Progress = { stage: 'plan' };
  try {
    const plan = await planStep(request, context, progress);
    if (request.settings.dryRun) return dryRunReport(request, progress, plan, log);
    if (plan.write === undefined)
      return unchanged(reportOf(request, progress, 'unchanged'), plan.reason, request, log);
    const applied = await applyStep(request, context, progress, { ...plan, write: plan.write });
    if (applied.unchangedReason !== undefined)
      return unchanged(reportOf(request, progress, 'unchanged'), applied.unchangedReason, request, log);
    return await verifyStep(request, context, progress, plan, applied);
  } catch (error) {
    const failure = describeFailure(error);
    return {
      ...reportOf(request, progress, 'failed'),
      error: { message: failureMessage(request, progress.stage, error, failure.message), hint: failure.hint },
    };
  }
}

/** What a person calls each step when it fails. */
const STAGE_FAILED: Readonly<Record<Stage, (operation: string) => string>> = {
  plan: () => 'reading the agent failed',
  apply: (operation) => `${operation}ing failed`,
  verify: () => 'checking the result failed',
};

/**
 * The failure as one sentence that names the agent once: the agent (unless the cause already names
 * it, as a request's path does), the step that failed in plain words (unless the cause is a state
 * the provider reported, which says enough), and the cause.
 */
function failureMessage(request: PublishRequest, stage: Stage, error: unknown, cause: string): string {
  const named = cause.includes(request.target.agentId);
  const step = error instanceof StateError ? '' : STAGE_FAILED[stage](request.target.operation);
  const parts = [named ? '' : agentLabel(request), step].filter((part) => part !== '');
  if (parts.length === 0) return cause;
  const [head = '', ...rest] = [...parts, cause].map((part, index) =>
    index === 0 ? capitalized(part) : part,
  );
  return [head, ...rest].join(': ');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function adapterContext(request: PublishRequest, log: Logger): AdapterContext {
  const { adapter, target, settings } = request;
  const http = createHttpClient({
    baseUrl: request.baseUrl,
    apiKey: request.apiKey,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    deadlineMs: settings.deadlineMs,
    errors: { provider: adapter.displayName, apiKeyEnv: adapter.apiKeyEnv, hints: adapter.hints },
    redact: createRedactor([request.apiKey]),
    log,
    ...(adapter.retryStatuses === undefined ? {} : { notAppliedStatuses: adapter.retryStatuses }),
  });
  return { target, http, log };
}

async function planStep(request: PublishRequest, context: AdapterContext, progress: Progress): Promise<Plan> {
  const timer = stopwatch();
  const plan = await request.adapter.plan(context);
  progress.plan = plan;
  context.log.debug(`timing: plan ${timer()} ms`);
  // With nothing to write, the reason is told once, where the outcome is (unchanged, or the dry run).
  if (plan.write !== undefined) {
    const live = plan.live === undefined ? '' : `${versionLabel(plan.live)} is live; `;
    context.log.info(`${agentLabel(request)}: ${live}${plan.reason}`);
  }
  for (const warning of plan.warnings ?? []) context.log.warning(`${agentLabel(request)}: ${warning}`);
  return plan;
}

function dryRunReport(request: PublishRequest, progress: Progress, plan: Plan, log: Logger): AgentReport {
  const wouldSend = plan.write === undefined ? undefined : describeWrite(request.baseUrl, plan.write);
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

async function applyStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan & { readonly write: WriteRequest },
): Promise<Applied> {
  progress.stage = 'apply';
  const timer = stopwatch();
  const outcome = await applyOnce(request, context, plan, context.log);
  progress.applied = outcome.applied;
  progress.confirmedByReread = outcome.confirmedByReread;
  const prefix = agentLabel(request);
  for (const warning of outcome.applied.warnings ?? []) context.log.warning(`${prefix}: ${warning}`);
  context.log.debug(`timing: apply ${timer()} ms`);
  return outcome.applied;
}

async function verifyStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
  applied: Applied,
): Promise<AgentReport> {
  const { target, settings, adapter } = request;
  const status = target.operation === 'publish' ? 'published' : 'unpublished';
  const publishedAt = isoSeconds(applied.publishedAt);
  const prefix = agentLabel(request);
  const number = applied.live?.number;
  context.log.info(`${prefix}: ${status}${number === undefined ? '' : ` version ${number}`}`);

  let agentName = plan.agentName;
  if (settings.verify) {
    progress.stage = 'verify';
    const timer = stopwatch();
    agentName = (await adapter.verify(context, plan, applied)).agentName ?? agentName;
    context.log.debug(`timing: verify ${timer()} ms`);
    context.log.info(`${prefix}: verified`);
  }
  return compact({ ...reportOf(request, progress, status), agentName, publishedAt });
}

/**
 * The report from what is known: before a write, what the plan read is live; after it, what the
 * write answered; and once a write was sent but failed, nothing (better empty than a guess).
 */
function reportOf(request: PublishRequest, progress: Progress, status: AgentReport['status']): AgentReport {
  const { plan, applied, confirmedByReread, stage } = progress;
  const warnings = [...(plan?.warnings ?? []), ...(applied?.warnings ?? [])];
  const live: VersionRef | undefined =
    status === 'failed' && stage !== 'plan' ? undefined : applied === undefined ? plan?.live : applied.live;
  return compact({
    ...reportBase(request),
    status,
    agentName: plan?.agentName,
    previousVersion: plan?.live?.number,
    version: live?.number,
    versionId: live?.id,
    reason: confirmedByReread ?? applied?.unchangedReason ?? plan?.reason,
    response: applied?.response,
    bindings: applied?.bindings,
    warnings: warnings.length === 0 ? undefined : warnings,
  });
}

function agentLabel(request: PublishRequest): string {
  return `${request.adapter.displayName} agent ${request.target.agentId}`;
}

function unchanged(report: AgentReport, reason: string, request: PublishRequest, log: Logger): AgentReport {
  const message = `${agentLabel(request)}: nothing to ${request.target.operation}: ${reason}.`;
  if (request.settings.onUnchanged === 'succeed') {
    log.notice(message);
    return report;
  }
  const hint = 'Make the change you meant to release first, or set on-unchanged: succeed to let this pass.';
  return { ...report, error: { message, hint } };
}
