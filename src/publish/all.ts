// Every agent of the step, each through publishAgent, with bounded concurrency overall and per
// provider; with fail-fast, a failure stops new starts and the agents not started are `skipped`.
import type { PublishRequest, RunSettings } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { reportBase } from './agent.ts';
import { isFailure, type AgentReport } from './report.ts';
import { schedule } from './scheduler.ts';

/** Lines of agents that run at the same time interleave: each says which entry it is about. */
function prefixed(log: Logger, label: string): Logger {
  return {
    info: (message) => {
      log.info(`[${label}] ${message}`);
    },
    notice: (message) => {
      log.notice(`[${label}] ${message}`);
    },
    warning: (message) => {
      log.warning(`[${label}] ${message}`);
    },
    debug: (message) => {
      log.debug(`[${label}] ${message}`);
    },
  };
}

/** Publishes one agent, logging to the logger it is given. */
export type PublishOne = (request: PublishRequest, log: Logger) => Promise<AgentReport>;

export function releaseAll(
  requests: readonly PublishRequest[],
  run: RunSettings,
  log: Logger,
  publish: PublishOne,
): Promise<AgentReport[]> {
  const several = requests.length > 1;
  return schedule(requests, {
    concurrency: run.concurrency,
    group: (request) => ({ key: request.adapter.name, limit: request.adapter.maxConcurrency }),
    run: (request, index) =>
      publish(request, several ? prefixed(log, request.name ?? `entry ${index + 1}`) : log),
    failFast: run.failFast,
    failed: isFailure,
    skipped: (request) => ({
      ...reportBase(request),
      status: 'skipped',
      reason: 'not started: fail-fast stopped the release after a failure',
    }),
  });
}
