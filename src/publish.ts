// One agent, start to end: plan (reads) → apply (the one write) → verify (read back) → report.
// Every provider goes through exactly these steps; a manifest of agents runs this once per agent.
import { describeFailure } from './errors.ts';
import { buildUrl, createHttpClient } from './http.ts';
import type { PublishRequest } from './inputs.ts';
import { compact } from './json.ts';
import type { Logger } from './log.ts';
import type { Applied, AdapterContext, Plan, VersionRef, WriteRequest } from './providers/types.ts';
import { createRedactor } from './redact.ts';
import type { AgentReport } from './report.ts';
import { stopwatch } from './timing.ts';

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

export async function publishAgent(request: PublishRequest, log: Logger): Promise<AgentReport> {
  const { adapter, target, settings } = request;
  const prefix = `${adapter.displayName} agent ${target.agentId}`;
  const http = createHttpClient({
    baseUrl: request.baseUrl,
    apiKey: request.apiKey,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    errors: { provider: adapter.displayName, apiKeyEnv: adapter.apiKeyEnv, hints: adapter.hints },
    redact: createRedactor([request.apiKey]),
    log,
  });
  const context: AdapterContext = { target, http, log };
  const base = {
    provider: adapter.name,
    providerName: adapter.displayName,
    agentId: target.agentId,
    operation: target.operation,
    description: target.description,
  };
  let stage: Stage = 'plan';
  let plan: Plan | undefined;
  let applied: Applied | undefined;
  /** `live` is what is live now: before a write the plan's reading, after it the write's answer. */
  const known = (live = applied === undefined ? plan?.live : applied.live): Omit<AgentReport, 'status'> =>
    compact({
      ...base,
      agentName: plan?.agentName,
      previousVersion: plan?.live?.number,
      version: live?.number,
      versionId: live?.id,
      reason: applied?.unchangedReason ?? plan?.reason,
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
      return compact({ ...known(), status: 'dry-run', request: wouldSend });
    }
    if (plan.write === undefined)
      return unchanged({ ...known(), status: 'unchanged' }, plan.reason, request, log);

    stage = 'apply';
    applied = await adapter.apply(context, { ...plan, write: plan.write });
    log.debug(`timing: apply ${timer()} ms`);
    if (applied.unchangedReason !== undefined) {
      return unchanged({ ...known(), status: 'unchanged' }, applied.unchangedReason, request, log);
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
    return compact({ ...known(), agentName, status, publishedAt });
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

function versionLabel(version: VersionRef): string {
  return version.number === undefined ? (version.id ?? 'unknown') : `version ${version.number}`;
}
