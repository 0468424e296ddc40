// One agent's routes: planned after the publish plan (the version it releases gets its share), then
// written and read back by src/routing/writes.ts, through the adapter's routing capability.
import { StateError } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type {
  AdapterContext,
  Plan,
  PlannedRoute,
  RollbackChoice,
  RoutingCapability,
} from '../providers/types.ts';
import { routeName, sharesText } from '../routing/names.ts';
import type { RouteWriter } from '../routing/writes.ts';
import { agentLabel } from '../inputs/agent-label.ts';

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
    rollback?.routes !== undefined
      ? await routing.plan(
          context,
          {
            kind: 'restore',
            routes: rollback.routes,
            ...(rollback.others === undefined ? {} : { others: rollback.others }),
          },
          plan,
        )
      : await routing.plan(
          context,
          {
            kind: 'share',
            version: requireVersion(version),
            basisPoints: traffic.basisPoints,
            ...(plan.live === undefined ? {} : { previous: plan.live }),
          },
          plan,
        );
  for (const route of routes) {
    const change = route.write === undefined ? 'stays' : `${sharesText(route.before)} →`;
    const note = route.note === undefined ? '' : ` (${route.note})`;
    context.log.info(
      `${agentLabel(request)}: route ${routeName(route)}: ${change} ${sharesText(route.after)}${note}`,
    );
  }
  return routes;
}

function requireVersion(version: Plan['release']): NonNullable<Plan['release']> {
  if (version !== undefined) return version;
  // No agent in the message: the failure names it.
  throw new StateError(
    'the plan names no version to route calls to.',
    'Set version to the version the listed routes should serve.',
  );
}

/** What the route writes need, from this agent's request and context. */
export function routeWriter(request: PublishRequest, context: AdapterContext): RouteWriter {
  const routing = routingOf(request);
  return {
    label: agentLabel(request),
    http: context.http,
    log: context.log,
    read: (route) => routing.read(context, route),
  };
}
