// After the writes (and their verify): where calls go now, on every route of the agent. The read is best
// effort for the summary (a failed read lists the agent's routes as unknown), but a route the step asked
// for that serves something else fails the step: green means callers reach what the step asked for.
import { describeFailure, StateError } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { AdapterContext, Plan, RouteChange, RouteReading } from '../providers/types.ts';
import { routeName, sharesText } from '../routing/names.ts';
import { routeChanges } from '../routing/writes.ts';
import { judgeRoutes, misrouted, type RouteRecord } from '../routing/where.ts';
import type { Progress } from './agent-report.ts';
import { agentLabel } from '../inputs/agent-label.ts';

/** The route the summary shows when the adapter's read failed as a whole. */
const ALL_ROUTES = 'all routes of the agent';

async function readings(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan,
  named: readonly RouteChange[],
): Promise<readonly RouteReading[] | undefined> {
  const { where } = request.adapter;
  if (where === undefined) return undefined;
  try {
    return await where.read(context, plan, named);
  } catch (error) {
    const failure = describeFailure(error);
    context.log.warning(`${agentLabel(request)}: could not read where calls go: ${failure.message}`);
    return [{ target: ALL_ROUTES, unreadable: failure.message }];
  }
}

/** Reads and judges every route; throws a StateError naming each route asked for that serves something else. */
export async function checkWhereCallsGo(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
): Promise<void> {
  // With verify off the step reads nothing back, this included.
  if (request.target.operation === 'unpublish' || !request.settings.verify) return;
  progress.stage = 'verify';
  const named = progress.routes === undefined ? [] : routeChanges(progress.routes);
  const read = await readings(request, context, plan, named);
  if (read === undefined) return;
  const records = judgeRoutes(read, named);
  progress.where = records;
  for (const record of records)
    if (record.warning !== undefined) context.log.warning(`${agentLabel(request)}: ${record.warning}`);
  const wrong = misrouted(records);
  if (wrong.length === 0) return;
  throw new StateError(
    `after the step, ${wrong.map(describe).join('; ')}, not what the step asked for.`,
    'See "Where calls go" in the job summary: fix the route named in the provider dashboard (or re-run the step to route it again).',
  );
}

function describe(record: RouteRecord): string {
  const serves = record.serves === 'unknown' ? 'an unknown version' : sharesText(record.serves);
  return `${routeName(record)} serves ${serves}`;
}
