// One agent's routes: planned after the publish plan (the version it releases gets its share), written
// after the publish, read back. A route write whose answer was lost is never simply sent again: the
// route is read first; as planned → done, as before → sent again, anything else → a loud failure.
import { describeFailure, StateError, UNCERTAIN_WRITE_HINT, UncertainWriteError } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import { compact } from '../providers/shared/json.ts';
import { sameShares } from '../routing/split.ts';
import type {
  AdapterContext,
  Plan,
  PlannedRoute,
  RollbackChoice,
  RouteChange,
  RoutingCapability,
  Share,
} from '../providers/types.ts';
import { percentText } from '../routing/weights.ts';
import { WRITE_SETTLE_MS } from './safe-write.ts';

/** "+14155550100 inbound", "agent". */
export function routeName(route: Pick<RouteChange, 'target' | 'direction'>): string {
  return route.direction === undefined ? route.target : `${route.target} ${route.direction}`;
}

/** "8 10 % · 7 90 % · agent_x 3 50 %"; an empty route: "no agent". */
export function sharesText(shares: readonly Share[]): string {
  if (shares.length === 0) return 'no agent';
  return shares
    .map(
      (share) =>
        `${share.agentId === undefined ? '' : `${share.agentId} `}${share.version} ${percentText(share.weight)}`,
    )
    .join(' · ');
}

function routingOf(request: PublishRequest): RoutingCapability {
  const { routing } = request.adapter;
  // Inputs refuse traffic for a provider without routing, so this is a bug if it happens.
  if (routing === undefined) throw new Error(`${request.adapter.displayName} has no routing`);
  return routing;
}

/** The routes the step changes, or undefined when it routes no traffic. */
export async function planTraffic(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan,
  rollback: RollbackChoice | undefined,
): Promise<readonly PlannedRoute[] | undefined> {
  const { traffic } = request.target;
  if (traffic === undefined) return undefined;
  const routing = routingOf(request);
  const version = plan.release ?? plan.next;
  const routes =
    rollback?.routes !== undefined && rollback.version === undefined
      ? await routing.plan(context, { kind: 'restore', routes: rollback.routes })
      : await routing.plan(context, {
          kind: 'share',
          version: requireVersion(version, request),
          basisPoints: traffic.basisPoints,
          ...(plan.live === undefined ? {} : { previous: plan.live }),
        });
  for (const route of routes) {
    const change = route.write === undefined ? 'stays' : `${sharesText(route.before)} →`;
    const note = route.note === undefined ? '' : ` (${route.note})`;
    context.log.info(
      `${label(request)}: route ${routeName(route)}: ${change} ${sharesText(route.after)}${note}`,
    );
  }
  return routes;
}

function requireVersion(version: Plan['release'], request: PublishRequest): NonNullable<Plan['release']> {
  if (version !== undefined) return version;
  throw new StateError(
    `${label(request)}: the plan names no version to route calls to.`,
    'Set version to the version the listed routes should serve.',
  );
}

function label(request: PublishRequest): string {
  return `${request.adapter.displayName} agent ${request.target.agentId}`;
}

/** Sends each route's write, in order; returns a sentence when a lost answer turned out to have gone through. */
export async function applyTraffic(
  request: PublishRequest,
  context: AdapterContext,
  routes: readonly PlannedRoute[],
): Promise<string | undefined> {
  let confirmed: string | undefined;
  for (const route of routes) {
    if (route.write === undefined) continue;
    confirmed = (await applyRoute(request, context, route)) ?? confirmed;
  }
  return confirmed;
}

async function applyRoute(
  request: PublishRequest,
  context: AdapterContext,
  route: PlannedRoute & { readonly write?: PlannedRoute['write'] },
): Promise<string | undefined> {
  const { http, log } = context;
  const where = `${label(request)}: route ${routeName(route)}`;
  if (route.write === undefined) return undefined;
  for (let retry = 0; ; retry++) {
    let doubt: UncertainWriteError;
    try {
      await http.request(route.write);
      return undefined;
    } catch (error) {
      if (!(error instanceof UncertainWriteError) || retry >= http.maxRetries) throw error;
      doubt = error;
    }
    log.warning(`${doubt.message} Reading ${routeName(route)} again before any retry.`);
    const now = await readAgain(request, context, route, retry, doubt);
    if (sameShares(now, route.after)) {
      const reason = `the first try of ${routeName(route)} went through (it now routes as planned)`;
      log.notice(`${where}: ${reason}.`);
      return reason;
    }
    if (!sameShares(now, route.before))
      throw new UncertainWriteError(
        `${doubt.message} Reading ${routeName(route)} again found it changed meanwhile (now ${sharesText(now)}), so no second write was sent.`,
        `Check ${routeName(route)} in the provider dashboard (someone else may be changing it), then re-run the job.`,
      );
    // As before: the first try did not land, so sending it again changes nothing twice.
  }
}

async function readAgain(
  request: PublishRequest,
  context: AdapterContext,
  route: RouteChange,
  retry: number,
  doubt: UncertainWriteError,
): Promise<readonly Share[]> {
  try {
    await context.http.backoff(retry, label(request), 'route write outcome unknown', WRITE_SETTLE_MS);
    return await routingOf(request).read(context, route);
  } catch (error) {
    throw new UncertainWriteError(
      `${doubt.message} Reading ${routeName(route)} again failed too: ${describeFailure(error).message}`,
      UNCERTAIN_WRITE_HINT,
    );
  }
}

/** Reads every written route back; throws a StateError unless each routes as planned. */
export async function verifyTraffic(
  request: PublishRequest,
  context: AdapterContext,
  routes: readonly PlannedRoute[],
): Promise<void> {
  for (const route of routes) {
    if (route.write === undefined) continue;
    const now = await routingOf(request).read(context, route);
    if (!sameShares(now, route.after))
      throw new StateError(
        `After the change, ${routeName(route)} routes ${sharesText(now)} instead of ${sharesText(route.after)}.`,
        `Check ${routeName(route)} in the provider dashboard: another change may have raced this one. Re-run to try again.`,
      );
  }
}

/** The routes without their writes: what the report, the outputs and the deployment record show. */
export function routeChanges(routes: readonly PlannedRoute[]): RouteChange[] {
  return routes.map(({ target, direction, before, after, note }) =>
    compact({ target, direction, before, after, note }),
  );
}
