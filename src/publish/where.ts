// After the writes: where calls go now, on every route of the agent. The read runs alongside the last
// read-back of the writes (src/publish/agent.ts) and is judged once that has passed. The read is best
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

/** What the where read found, for the judgement once the read-backs are done. */
interface WhereRead {
  /** The routes the step changed. */
  readonly named: readonly RouteChange[];
  readonly readings: readonly RouteReading[];
  /** Why the adapter's read failed as a whole, for the log; `readings` then lists the agent's routes as unknown. */
  readonly failure?: string;
}

/**
 * Reads where calls go now, after every write; never throws (a failed read is best effort). undefined:
 * the step reads nothing back (verify off, an unpublish, an adapter without routes to read).
 */
export async function readWhereCallsGo(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  plan: Plan,
): Promise<WhereRead | undefined> {
  const { where } = request.adapter;
  if (where === undefined || request.target.operation === 'unpublish' || !request.settings.verify)
    return undefined;
  progress.stage = 'verify';
  const named = progress.routes === undefined ? [] : routeChanges(progress.routes);
  try {
    return { named, readings: await where.read(context, plan, named) };
  } catch (error) {
    const failure = describeFailure(error).message;
    return { named, readings: [{ target: ALL_ROUTES, unreadable: failure }], failure };
  }
}

/** Judges every route read; throws a StateError naming each route asked for that serves something else. */
export function judgeWhereCallsGo(
  request: PublishRequest,
  context: AdapterContext,
  progress: Progress,
  read: WhereRead | undefined,
): void {
  if (read === undefined) return;
  const label = agentLabel(request);
  if (read.failure !== undefined)
    context.log.warning(`${label}: could not read where calls go: ${read.failure}`);
  const records = judgeRoutes(read.readings, read.named);
  progress.where = records;
  for (const record of records)
    if (record.warning !== undefined) context.log.warning(`${label}: ${record.warning}`);
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
