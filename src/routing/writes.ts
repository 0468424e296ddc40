// The route writes: each planned route read again, then its write sent through the one safe-write loop,
// then read back. A lost answer is settled by reading the route: as planned → done; as before → sent again; anything
// else → a loud failure, without a second write.
import { StateError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import { safeWrite, type Landed } from '../http/safe-write.ts';
import type { Logger } from '../log.ts';
import { routeName, sharesText } from './names.ts';
import { sameShares } from './split.ts';
import type { PlannedRoute, RouteChange, Share } from './types.ts';

/** What the route writes need of the one agent whose routes they are. */
export interface RouteWriter {
  /** Names the agent in log lines: "<Provider> agent 42". */
  readonly label: string;
  readonly http: HttpClient;
  readonly log: Logger;
  /** The route's shares now (the re-read after a lost answer, and verify). */
  read(route: RouteChange): Promise<readonly Share[]>;
}

/** Sends each route's write, in order; returns a sentence when a lost answer turned out to have gone through. */
export async function writeRoutes(
  writer: RouteWriter,
  routes: readonly PlannedRoute[],
): Promise<string | undefined> {
  let confirmed: string | undefined;
  for (const route of routes) {
    if (route.write === undefined) continue;
    confirmed = (await writeRoute(writer, route, route.write)) ?? confirmed;
  }
  return confirmed;
}

async function writeRoute(
  writer: RouteWriter,
  route: PlannedRoute,
  write: NonNullable<PlannedRoute['write']>,
): Promise<string | undefined> {
  const name = routeName(route);
  // Read again right before the write: the list is sent whole, so a change made since the plan (another
  // job, a person, the step's own publish moving a number that follows it) would be undone by it.
  const now = await writer.read(route);
  const asPlanned = (shares: readonly Share[]) =>
    sameShares(shares, route.before) ||
    (route.pinnedBefore !== undefined && sameShares(shares, route.pinnedBefore));
  if (!asPlanned(now))
    throw new StateError(
      `${name} changed after the plan: it routes ${sharesText(now)}, not ${sharesText(route.before)} as planned from; it was not written.`,
      `Check ${name} in the provider dashboard (another change may be in progress), then re-run: the step plans again from what is there.`,
    );
  const settled = await safeWrite({
    what: `${writer.label}: route ${name}`,
    subject: name,
    http: writer.http,
    log: writer.log,
    send: () => writer.http.request(write),
    reread: () => writer.read(route),
    landed: (now): Landed => {
      if (sameShares(now, route.after)) return 'landed';
      // As before: the first try did not land, so sending it again changes nothing twice.
      if (asPlanned(now)) return 'not-landed';
      return { changed: `now ${sharesText(now)}` };
    },
    how: () => 'it now routes as planned',
  });
  return settled.kind === 'sent' ? undefined : `the first try of ${name} went through (${settled.how})`;
}

/** Reads every written route back; throws a StateError unless each routes as planned. */
export async function verifyRoutes(writer: RouteWriter, routes: readonly PlannedRoute[]): Promise<void> {
  for (const route of routes) {
    if (route.write === undefined) continue;
    const now = await writer.read(route);
    if (!sameShares(now, route.after))
      throw new StateError(
        `After the change, ${routeName(route)} routes ${sharesText(now)} instead of ${sharesText(route.after)}.`,
        `Check ${routeName(route)} in the provider dashboard: another change may have raced this one. Re-run to try again.`,
      );
  }
}

/** The routes without their writes: what the report, the outputs and the deployment record show. */
export function routeChanges(routes: readonly PlannedRoute[]): RouteChange[] {
  return routes.map(({ target, direction, before, after, note }) => ({
    target,
    ...(direction === undefined ? {} : { direction }),
    before,
    after,
    ...(note === undefined ? {} : { note }),
  }));
}
