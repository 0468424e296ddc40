// One agent, start to end: plan (reads) → apply (the one write) → verify (read back) → report.
// Every provider goes through exactly these steps; a manifest of agents runs this once per agent.
import {
  ActionError,
  describeFailure,
  ProviderStatusError,
  UNCERTAIN_WRITE_HINT,
  UncertainWriteError,
} from '../errors.ts';
import { buildUrl, createHttpClient } from '../http/client.ts';
import type { PublishRequest } from '../inputs/index.ts';
import { compact } from '../providers/json.ts';
import type { Logger } from '../log.ts';
import type { Applied, AdapterContext, Plan, VersionRef, WriteRequest } from '../providers/types.ts';
import { createRedactor } from '../http/redact.ts';
import type { AgentReport } from './report.ts';
import { stopwatch } from '../timing.ts';

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

export async function publishAgent(request: PublishRequest, log: Logger): Promise<AgentReport> {
  const { adapter, target, settings } = request;
  const prefix = `${adapter.displayName} agent ${target.agentId}`;
  const http = createHttpClient({
    baseUrl: request.baseUrl,
    apiKey: request.apiKey,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    deadlineMs: settings.deadlineMs,
    errors: { provider: adapter.displayName, apiKeyEnv: adapter.apiKeyEnv, hints: adapter.hints },
    redact: createRedactor([request.apiKey]),
    log,
  });
  const context: AdapterContext = { target, http, log };
  const base = reportBase(request);
  let stage: Stage = 'plan';
  let plan: Plan | undefined;
  let applied: Applied | undefined;
  /** Set when a write's answer was lost and reading the agent again showed it had gone through. */
  let confirmedByReread: string | undefined;
  /** `live` is what is live now: before a write the plan's reading, after it the write's answer. */
  const liveNow = (): VersionRef | undefined => (applied === undefined ? plan?.live : applied.live);
  const known = (live: VersionRef | undefined): Omit<AgentReport, 'status'> =>
    compact({
      ...base,
      agentName: plan?.agentName,
      previousVersion: plan?.live?.number,
      version: live?.number,
      versionId: live?.id,
      reason: confirmedByReread ?? applied?.unchangedReason ?? plan?.reason,
      response: applied?.response,
    });

  try {
    const timer = stopwatch();
    plan = await adapter.plan(context);
    log.debug(`timing: plan ${timer()} ms`);
    if (plan.live !== undefined) log.info(`${prefix}: live now: ${versionLabel(plan.live)}`);
    log.info(`${prefix}: plan: ${plan.reason}`);

    if (settings.dryRun) {
      const wouldSend = plan.write === undefined ? undefined : describeWrite(request.baseUrl, plan.write);
      log.info(
        wouldSend === undefined ? 'Dry run: nothing would be sent.' : `Dry run: would send\n${wouldSend}`,
      );
      return compact({ ...known(liveNow()), status: 'dry-run', request: wouldSend });
    }
    if (plan.write === undefined)
      return unchanged({ ...known(liveNow()), status: 'unchanged' }, plan.reason, request, log);

    stage = 'apply';
    const outcome = await applyOnce(request, context, { ...plan, write: plan.write }, log);
    applied = outcome.applied;
    confirmedByReread = outcome.confirmedByReread;
    log.debug(`timing: apply ${timer()} ms`);
    if (applied.unchangedReason !== undefined) {
      return unchanged({ ...known(liveNow()), status: 'unchanged' }, applied.unchangedReason, request, log);
    }
    const status = target.operation === 'publish' ? 'published' : 'unpublished';
    const publishedAt = applied.publishedAt ?? new Date().toISOString();
    log.info(
      `${prefix}: ${status}${applied.live?.number === undefined ? '' : ` version ${applied.live.number}`}`,
    );

    let agentName = plan.agentName;
    if (settings.verify) {
      stage = 'verify';
      agentName = (await adapter.verify(context, plan, applied)).agentName ?? agentName;
      log.debug(`timing: verify ${timer()} ms`);
      log.info(`${prefix}: verified`);
    }
    return compact({ ...known(liveNow()), agentName, status, publishedAt });
  } catch (error) {
    const failure = describeFailure(error);
    // Once a write was sent, what is live is unknown: better empty than a guess.
    return compact({
      ...known(stage === 'plan' ? plan?.live : undefined),
      status: 'failed',
      error: { message: `${prefix}: ${stage} failed: ${failure.message}`, hint: failure.hint },
    });
  }
}

/**
 * How long to let a write whose answer was lost settle before reading the agent again: a write that
 * timed out here may still be running at the provider, and a re-read that comes too early would send
 * it a second time.
 */
const WRITE_SETTLE_MS = 2000;

/** A definite refusal (4xx other than 429) of a re-sent write: perhaps because the first try landed. */
function refusedResend(error: unknown): error is ProviderStatusError {
  return (
    error instanceof ProviderStatusError && error.status >= 400 && error.status < 500 && error.status !== 429
  );
}

/**
 * Sends the plan's write. No provider takes an idempotency key, so a write that may have arrived
 * before it failed is not simply sent again: the plan's reads run first, and a plan with nothing
 * left to do means the lost first try went through. A re-sent write the provider refuses is read
 * again the same way before it counts as a failure.
 */
async function applyOnce(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan & { readonly write: WriteRequest },
  log: Logger,
): Promise<{ applied: Applied; confirmedByReread?: string }> {
  const { adapter, target } = request;
  const { http } = context;
  const label = `${adapter.displayName} agent ${target.agentId}`;
  const confirmed = (how: string) => {
    const reason = `the first try went through (${how})`;
    log.notice(`${label}: ${reason}.`);
    return reason;
  };
  /** Waits, then repeats the plan's reads; any failure keeps the doubt about the write in its message. */
  const readAgain = async (retry: number, doubt: ActionError): Promise<Plan> => {
    log.warning(`${doubt.message} Reading the agent again before any retry.`);
    try {
      await http.backoff(retry, label, 'write outcome unknown', WRITE_SETTLE_MS);
      return await adapter.plan(context);
    } catch (error) {
      throw new UncertainWriteError(
        `${doubt.message} Reading the agent again failed too: ${describeFailure(error).message}`,
        UNCERTAIN_WRITE_HINT,
      );
    }
  };

  let current = plan;
  for (let retry = 0; ; retry++) {
    let doubt: UncertainWriteError;
    try {
      const applied = await adapter.apply(context, current);
      if (retry === 0 || applied.unchangedReason === undefined) return { applied };
      // "Nothing to publish" on a retry: the first try published what there was.
      return {
        applied: compact({ response: applied.response, publishedAt: applied.publishedAt }),
        confirmedByReread: confirmed(`the retry found ${applied.unchangedReason}`),
      };
    } catch (error) {
      if (retry > 0 && refusedResend(error)) {
        const reread = await readAgain(retry, error);
        if (reread.write !== undefined) throw error;
        return { applied: compact({ live: reread.live }), confirmedByReread: confirmed(reread.reason) };
      }
      if (!(error instanceof UncertainWriteError) || retry >= http.maxRetries) throw error;
      doubt = error;
    }
    const reread = await readAgain(retry, doubt);
    if (reread.write === undefined)
      return { applied: compact({ live: reread.live }), confirmedByReread: confirmed(reread.reason) };
    if (!sameVersion(reread.next, plan.next)) {
      // Another version became the candidate meanwhile: sending it would publish something not planned.
      throw new UncertainWriteError(
        `${doubt.message} Reading the agent again found it changed: it would now publish ${versionLabel(reread.next ?? {})} instead of ${versionLabel(plan.next ?? {})}, so no second write was sent.`,
        'Check the agent in the provider dashboard, then re-run the job (set version to pin the one to publish).',
      );
    }
    current = { ...reread, write: reread.write };
  }
}

function unchanged(report: AgentReport, reason: string, request: PublishRequest, log: Logger): AgentReport {
  const { adapter, target } = request;
  const message = `${adapter.displayName} agent ${target.agentId}: nothing to ${target.operation}: ${reason}.`;
  if (request.settings.onUnchanged === 'succeed') {
    log.notice(message);
    return report;
  }
  const hint = 'Make the change you meant to release first, or set on-unchanged: succeed to let this pass.';
  return { ...report, error: { message, hint } };
}

function sameVersion(a: VersionRef | undefined, b: VersionRef | undefined): boolean {
  return a?.number === b?.number && a?.id === b?.id;
}

function versionLabel(version: VersionRef): string {
  return version.number === undefined ? (version.id ?? 'unknown') : `version ${version.number}`;
}
