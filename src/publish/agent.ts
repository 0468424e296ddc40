// One agent, start to end: plan (reads) → apply (the one write, then the routes) → verify (read back)
// → report. Every provider goes through exactly these steps; a manifest of agents runs this once per agent.
import { describeFailure, StateError } from '../errors.ts';
import { createHttpClient } from '../http/client.ts';
import { createRedactor } from '../http/redact.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { compact } from '../providers/shared/json.ts';
import type {
  Applied,
  AdapterContext,
  Plan,
  PlannedRoute,
  RollbackChoice,
  VersionRef,
  WriteRequest,
} from '../providers/types.ts';
import { stopwatch } from '../timing.ts';
import { authHeaders, describeWrite } from './describe-write.ts';
import { hiddenCredentials } from '../diff/redact-config.ts';
import type { ConfigDiff } from '../diff/types.ts';
import { readConfigDiff } from './config-diff.ts';
import type { ReleaseHooks } from './hooks.ts';
import { isoSeconds, redactReport, redactingLogger, type AgentReport } from './report.ts';
import { chooseRollback } from './rollback.ts';
import { applyOnce, versionLabel } from './safe-write.ts';
import { applyTraffic, planTraffic, routeChanges, verifyTraffic } from './traffic.ts';

export { describeWrite };

type Stage = 'plan' | 'apply' | 'verify';

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
  /** The step's routes, once planned; undefined when it routes no traffic. */
  routes?: readonly PlannedRoute[] | undefined;
  /** Rollback: where the version it puts back came from. */
  rollbackFrom?: string;
  /** What the release changes in the configuration, where the provider reads it. */
  diff?: ConfigDiff | undefined;
}

const STATUS_AFTER: Record<PublishRequest['target']['operation'], AgentReport['status']> = {
  publish: 'published',
  unpublish: 'unpublished',
  rollback: 'rolled-back',
};

/** The context with a rollback's version as the target's version: the provider plans to put it back. */
function withChoice(context: AdapterContext, choice: RollbackChoice): AdapterContext {
  const version = choice.version?.number ?? choice.version?.id;
  return version === undefined ? context : { ...context, target: { ...context.target, version } };
}

const hasWrite = (routes: readonly PlannedRoute[] | undefined): boolean =>
  routes?.some((route) => route.write !== undefined) ?? false;

/**
 * Adapters read the provider's answers as sent; the key is cut out of everything that leaves here,
 * every log line and the report, so that a key that is also a word of an answer cannot corrupt it.
 */
export async function publishAgent(
  request: PublishRequest,
  log: Logger,
  hooks: ReleaseHooks = {},
): Promise<AgentReport> {
  const redact = createRedactor([request.apiKey]);
  return redactReport(await publishRedacted(request, redactingLogger(log, redact), hooks), redact);
}

async function publishRedacted(
  request: PublishRequest,
  log: Logger,
  hooks: ReleaseHooks,
): Promise<AgentReport> {
  let context = adapterContext(request, log);
  const progress: Progress = { stage: 'plan' };
  try {
    let choice: RollbackChoice | undefined;
    if (request.target.operation === 'rollback') {
      choice = await chooseRollback(request, context, hooks);
      progress.rollbackFrom = choice.source;
      context = withChoice(context, choice);
      log.info(`${agentLabel(request)}: rollback target from ${choice.source}`);
    }
    const plan = await planStep(request, context, progress);
    progress.routes = await planTraffic(request, context, plan, choice);
    const traffic = progress.routes === undefined ? undefined : routeChanges(progress.routes);
    const changes = plan.write !== undefined || hasWrite(progress.routes);
    progress.diff = await readConfigDiff(request, context, plan, changes, hooks);
    const fingerprint = progress.diff?.fingerprint?.value;
    await hooks.planned?.(
      compact({ release: plan.release ?? plan.next, previous: plan.live, traffic, fingerprint }),
    );
    if (request.settings.dryRun) return dryRunReport(request, progress, plan, log);
    if (plan.write === undefined && !hasWrite(progress.routes))
      return unchanged(
        reportOf(request, progress, 'unchanged'),
        unchangedReason(plan, progress),
        request,
        log,
      );
    return await writeAndVerify(request, context, progress, plan);
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
  apply: (operation) => (operation === 'rollback' ? 'rolling back failed' : `${operation}ing failed`),
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

function unchangedReason(plan: Plan, progress: Progress): string {
  return progress.routes === undefined
    ? plan.reason
    : `${plan.reason}; every listed route already routes as asked`;
}

/** The route writes; after a publish that went through, a failure says so, so nobody publishes again by hand. */
async function routeAfterPublish(
  request: PublishRequest,
  context: AdapterContext,
  routes: readonly PlannedRoute[],
  published: boolean,
): Promise<string | undefined> {
  try {
    return await applyTraffic(request, context, routes);
  } catch (error) {
    if (!published) throw error;
    const failure = describeFailure(error);
    throw new StateError(
      `the version was published, but routing calls to it failed: ${failure.message}`,
      `${failure.hint} Re-running the step publishes nothing twice: it finds the version published and only routes the calls.`,
    );
  }
}

/** The publish write (if any), then the routes; each read back. */
async function writeAndVerify(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
): Promise<AgentReport> {
  const routesToWrite = hasWrite(progress.routes);
  let agentName = plan.agentName;
  if (plan.write !== undefined) {
    const applied = await applyStep(request, context, progress, { ...plan, write: plan.write });
    if (applied.unchangedReason !== undefined && !routesToWrite)
      return unchanged(
        reportOf(request, progress, 'unchanged'),
        applied.unchangedReason,
        request,
        context.log,
      );
    if (applied.unchangedReason === undefined)
      agentName = (await verifyStep(request, context, progress, plan, applied)) ?? agentName;
  }
  if (progress.routes !== undefined && routesToWrite) {
    progress.stage = 'apply';
    const confirmed = await routeAfterPublish(request, context, progress.routes, plan.write !== undefined);
    progress.confirmedByReread ??= confirmed;
    if (request.settings.verify) {
      progress.stage = 'verify';
      await verifyTraffic(request, context, progress.routes);
      context.log.info(`${agentLabel(request)}: routes verified`);
    }
  }
  return compact({
    ...reportOf(request, progress, STATUS_AFTER[request.target.operation]),
    agentName,
    publishedAt: isoSeconds(progress.applied?.publishedAt),
  });
}

function adapterContext(request: PublishRequest, log: Logger): AdapterContext {
  const { adapter, target, settings } = request;
  const http = createHttpClient({
    baseUrl: request.baseUrl,
    authHeaders: authHeaders(adapter, request.apiKey),
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    // Read at every request: a deployment record moves the deadline on by the time it took.
    get deadlineMs() {
      return settings.deadlineMs;
    },
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

/** Logs what the write did and reads it back (unless verify is off); returns the agent's name if it tells. */
async function verifyStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
  applied: Applied,
): Promise<string | undefined> {
  const { target, settings, adapter } = request;
  const prefix = agentLabel(request);
  const number = applied.live?.number;
  const done = target.operation === 'unpublish' ? 'unpublished' : 'published';
  context.log.info(`${prefix}: ${done}${number === undefined ? '' : ` version ${number}`}`);
  if (!settings.verify) return undefined;
  progress.stage = 'verify';
  const timer = stopwatch();
  const verified = await adapter.verify(context, plan, applied);
  context.log.debug(`timing: verify ${timer()} ms`);
  context.log.info(`${prefix}: verified`);
  return verified.agentName;
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

function reportOf(request: PublishRequest, progress: Progress, status: AgentReport['status']): AgentReport {
  const { plan, applied, confirmedByReread } = progress;
  const warnings = [...(plan?.warnings ?? []), ...(applied?.warnings ?? [])];
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
    bindings: applied?.bindings,
    warnings: warnings.length === 0 ? undefined : warnings,
    traffic: progress.routes === undefined ? undefined : routeChanges(progress.routes),
    rollbackFrom: progress.rollbackFrom,
    diff: progress.diff,
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
