// One agent, start to end: plan (reads) → [checks before any write] → apply (the one write, then the
// routes) → verify (read back) → report. Every provider goes through exactly these steps; a manifest of
// agents runs this once per agent.
import { describeFailure, StateError } from '../errors.ts';
import { createHttpClient } from '../http/client.ts';
import { createRedactor } from '../http/redact.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { compact } from '../compact.ts';
import { allSettled } from '../settle.ts';
import type {
  Applied,
  AdapterContext,
  Plan,
  PlanWithWrite,
  PlannedRoute,
  RollbackChoice,
  Verified,
} from '../providers/types.ts';
import { routeChanges, verifyRoutes, writeRoutes } from '../routing/writes.ts';
import { stopwatch } from '../timing.ts';
import { dryRunReport, reportBase, reportOf, unchangedReport, type Progress } from './agent-report.ts';
import { authHeaders, describeWrite } from './describe-write.ts';
import { agentLabel } from '../inputs/agent-label.ts';
import { failureAt } from './failure.ts';
import { readConfigDiff } from './config-diff.ts';
import type { ReleaseHooks } from './hooks.ts';
import { isoSeconds, redactReport, redactingLogger, type AgentReport } from './report.ts';
import { chooseRollback } from './rollback.ts';
import { runTestGate } from './test-gate.ts';
import { gateFailure } from './test-verdict.ts';
import { applyOnce, versionLabel } from './safe-write.ts';
import { planTraffic, routeWriter } from './traffic.ts';
import { judgeWhereCallsGo, readWhereCallsGo } from './where.ts';

export { describeWrite, reportBase };

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
  const progress: Progress = { stage: 'plan' };
  try {
    const { context, plan } = await planAll(request, adapterContext(request, log), progress, hooks);
    // After the plan, before any write: checks that may stop the step go here.
    if (request.settings.dryRun) return dryRunReport(request, progress, plan, log);
    if (plan.write === undefined && !hasWrite(progress.routes))
      return unchangedReport(request, progress, unchangedReason(plan, progress), log);
    return await writeAndVerify(request, context, progress, plan);
  } catch (error) {
    return { ...reportOf(request, progress, 'failed'), error: failureAt(request, progress.stage, error) };
  }
}

/** Reads only: the rollback's choice, the publish plan, the routes; the hooks then learn the plan. */
async function planAll(
  request: PublishRequest,
  initial: AdapterContext,
  progress: Progress,
  hooks: ReleaseHooks,
): Promise<{ context: AdapterContext; plan: Plan }> {
  let context = initial;
  let choice: RollbackChoice | undefined;
  if (request.target.operation === 'rollback') {
    choice = await chooseRollback(request, context, hooks);
    progress.rollbackFrom = choice.source;
    context = withChoice(context, choice);
    context.log.info(`${agentLabel(request)}: rollback target from ${choice.source}`);
  }
  const planned = await planStep(request, context, progress);
  progress.routes = await planTraffic(request, context, planned, choice);
  const changes = planned.write !== undefined || hasWrite(progress.routes);
  const plan = changes ? planned : settledPlan(planned, progress.routes);
  progress.plan = plan;
  // What goes live, for the reviewer: read before the gate, so a failing gate's summary shows it too.
  progress.diff = await readConfigDiff(request, context, plan, changes, hooks);
  // The platform's tests on the candidate: a failing gate stops the step before any write.
  progress.tests = await runTestGate(request, context, plan, changes);
  const stop = progress.tests && gateFailure(progress.tests, agentLabel(request), request.settings.dryRun);
  if (stop !== undefined) throw stop;
  const traffic = progress.routes === undefined ? undefined : routeChanges(progress.routes);
  const fingerprint = progress.diff?.fingerprint?.value;
  await hooks.planned?.(
    compact({
      release: plan.release ?? plan.next,
      releaseKey: plan.releaseKey,
      previous: plan.live,
      traffic,
      fingerprint,
    }),
  );
  return { context, plan };
}

/** A plan that writes nothing on routes already as asked, with the provider's words for that. */
function settledPlan(plan: Plan, routes: readonly PlannedRoute[] | undefined): Plan {
  if (routes === undefined || plan.reasonWhenRouted === undefined) return plan;
  return { ...plan, reason: plan.reasonWhenRouted };
}

function unchangedReason(plan: Plan, progress: Progress): string {
  // The provider's words for routes found as asked say it already.
  return progress.routes === undefined || plan.reasonWhenRouted === plan.reason
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
    return await writeRoutes(routeWriter(request, context), routes);
  } catch (error) {
    if (!published) throw error;
    const failure = describeFailure(error);
    throw new StateError(
      `the version was published, but routing calls to it failed: ${failure.message}`,
      `${failure.hint} Re-running the step publishes nothing twice: it finds the version published and only routes the calls.`,
    );
  }
}

/** The publish write (if any), then the routes; each read back, the last read-back alongside where calls go. */
async function writeAndVerify(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
): Promise<AgentReport> {
  const routes = progress.routes !== undefined && hasWrite(progress.routes) ? progress.routes : undefined;
  // What reads the writes back; what the publish's read-back tells (the agent's name) is handed on.
  let readBack: () => Promise<Verified | undefined> = () => Promise.resolve(undefined);
  if (plan.write !== undefined) {
    const applied = await applyStep(request, context, progress, { ...plan, write: plan.write });
    if (applied.unchangedReason !== undefined && routes === undefined)
      return unchangedReport(request, progress, applied.unchangedReason, context.log);
    if (applied.unchangedReason === undefined)
      readBack = () => verifyStep(request, context, progress, plan, applied);
  }
  if (routes !== undefined) {
    // The publish is read back before any call is routed to it; what it read is out of date after the
    // route writes, so its state is not handed on.
    const verified = await readBack();
    await routeStep(request, context, progress, routes, plan.write !== undefined);
    readBack = async () => {
      await verifyRouteStep(request, context, progress, routes);
      return compact({ agentName: verified?.agentName });
    };
  }
  const verified = await readBackAndWhere(request, context, progress, plan, readBack);
  return compact({
    ...reportOf(request, progress, STATUS_AFTER[request.target.operation]),
    agentName: verified?.agentName ?? plan.agentName,
    publishedAt: isoSeconds(progress.applied?.publishedAt),
  });
}

/**
 * After the last write: its read-back and the read of where calls go, at once where both only read (one
 * round trip fewer), else one after the other, with the state verify left. A failed read-back wins;
 * where calls go is judged only after it passed, as when they ran one after the other.
 */
async function readBackAndWhere(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
  readBack: () => Promise<Verified | undefined>,
): Promise<Verified | undefined> {
  if (request.adapter.where?.afterVerify === true) {
    const verified = await readBack();
    const after = verified?.state === undefined ? plan : { ...plan, state: verified.state };
    judgeWhereCallsGo(request, context, progress, await readWhereCallsGo(request, context, progress, after));
    return verified;
  }
  // The where read's log lines wait for the read-back's, so the log keeps one order. Both settle before
  // the step goes on: no read is left running once the step reports.
  const held = context.http.heldLog();
  const [verified, where] = await allSettled([
    readBack(),
    readWhereCallsGo(request, { ...context, http: held.http }, progress, plan),
  ]).finally(held.release);
  judgeWhereCallsGo(request, context, progress, where);
  return verified;
}

/** The route writes; the step then reads them back (verifyRouteStep). */
async function routeStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  routes: readonly PlannedRoute[],
  published: boolean,
): Promise<void> {
  progress.stage = 'apply';
  const confirmed = await routeAfterPublish(request, context, routes, published);
  progress.confirmedByReread ??= confirmed;
}

/** Each route written read back, unless verify is off. */
async function verifyRouteStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  routes: readonly PlannedRoute[],
): Promise<void> {
  if (!request.settings.verify) return;
  progress.stage = 'verify';
  await verifyRoutes(routeWriter(request, context), routes);
  context.log.info(`${agentLabel(request)}: routes verified`);
}

function adapterContext(request: PublishRequest, log: Logger): AdapterContext {
  const { adapter, target, settings } = request;
  const http = createHttpClient({
    baseUrl: request.baseUrl,
    authHeaders: authHeaders(adapter, request.apiKey),
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    deadline: settings.deadline,
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

async function applyStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: PlanWithWrite,
): Promise<Applied> {
  progress.stage = 'apply';
  const timer = stopwatch();
  const outcome = await applyOnce(request, context, plan);
  progress.applied = outcome.applied;
  progress.confirmedByReread = outcome.confirmedByReread;
  const prefix = agentLabel(request);
  for (const warning of outcome.applied.warnings ?? []) context.log.warning(`${prefix}: ${warning}`);
  context.log.debug(`timing: apply ${timer()} ms`);
  return outcome.applied;
}

/** Logs what the write did and reads it back (unless verify is off): what the read-back tells. */
async function verifyStep(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
  applied: Applied,
): Promise<Verified | undefined> {
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
  return verified;
}
