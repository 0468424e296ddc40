// Every agent of the step, each through publishAgent, with bounded concurrency overall and per
// provider; with fail-fast, a failure stops new starts and the agents not started are `skipped`.
import type { PublishRequest, RunSettings } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { reportBase } from './agent-report.ts';
import { heldLog } from './agent-log.ts';
import { isFailure, type AgentReport } from './report.ts';
import { schedule } from './scheduler.ts';

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
    run: async (request, index) => {
      if (!several) return publish(request, log);
      const held = heldLog(request.name ?? `entry ${index + 1}`);
      try {
        return await publish(request, held.log);
      } finally {
        held.flush(log);
      }
    },
    failFast: run.failFast,
    failed: isFailure,
    skipped: (request) => ({
      ...reportBase(request),
      status: 'skipped',
      reason: 'not started: fail-fast stopped the release after a failure',
    }),
  });
}
