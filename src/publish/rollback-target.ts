// What a rollback restores, read from the release history (publishes only: the records of rollbacks are
// left out, so a rollback run again finds the same target and changes nothing). Each route goes back to
// what it served before the release now on it, where a canary and its promotion are one release: back to
// before the canary. Without routes, the agent goes back to the version live before its latest release.
import { compact } from '../compact.ts';
import { StateError } from '../errors.ts';
import { routeName } from '../routing/names.ts';
import { sameShares } from '../routing/split.ts';
import type { RollbackChoice, Share } from '../routing/types.ts';
import { unitsOfText } from '../routing/weights.ts';
import type { RecordedRelease } from './hooks.ts';
import { sameRoute } from '../routing/route-key.ts';

type RecordedRoute = NonNullable<RecordedRelease['traffic']>[number];

interface RouteEntry {
  readonly release: RecordedRelease;
  readonly route: RecordedRoute;
}

const ownShares = (shares: readonly Share[]): Share[] =>
  shares.filter((share) => share.agentId === undefined);
const changed = ({ route }: RouteEntry): boolean =>
  !sameShares(ownShares(route.before), ownShares(route.after));

/** The newest releases that released the same version as the newest one: one release, canary and promotion. */
function newestRun<T>(items: readonly T[], version: (item: T) => string): { run: T[]; ended: boolean } {
  const [first] = items;
  if (first === undefined) return { run: [], ended: false };
  const end = items.findIndex((item) => version(item) !== version(first));
  return end === -1 ? { run: [...items], ended: false } : { run: items.slice(0, end), ended: true };
}

/** The releases that moved each route, newest first, by route. */
function routesOf(releases: readonly RecordedRelease[], targets: readonly string[]): RouteEntry[][] {
  const byRoute: RouteEntry[][] = [];
  for (const release of releases) {
    for (const route of release.traffic ?? []) {
      if (!targets.includes(route.target)) continue;
      const entry = { release, route };
      const known = byRoute.find(([item]) => item !== undefined && sameRoute(item.route, route));
      if (known === undefined) byRoute.push([entry]);
      else known.push(entry);
    }
  }
  return byRoute.map((entries) => entries.filter(changed)).filter((entries) => entries.length > 0);
}

/** The version before the agent's latest release: what was live before its first record, else the release before. */
function versionTarget(releases: readonly RecordedRelease[]): RecordedRelease | undefined {
  const { run } = newestRun(releases, (release) => release.version);
  const current = run[0]?.version;
  const oldest = run.at(-1);
  if (oldest?.previous !== undefined && oldest.previous !== current)
    return { ...oldest, version: oldest.previous, source: `the version live before ${oldest.source}` };
  return releases[run.length];
}

/**
 * Whether the releases read so far settle the target: each route's latest release is read whole, and, where
 * the history has not yet named every route, the agent's latest release too.
 */
export function settled(releases: readonly RecordedRelease[], targets: readonly string[]): boolean {
  const version = (entry: RouteEntry) => entry.release.version;
  const routes = routesOf(releases, targets);
  const routesRead = routes.every((entries) => newestRun(entries, version).ended);
  const allNamed = targets.every((target) => routes.some(([entry]) => entry?.route.target === target));
  if (routes.length > 0 && allNamed) return routesRead;
  return routesRead && newestRun(releases, (release) => release.version).ended;
}

function restoredRoute(entries: readonly RouteEntry[]) {
  const { run } = newestRun(entries, (entry) => entry.release.version);
  const oldest = run.at(-1);
  if (oldest === undefined) throw new Error('a route without releases');
  const { route, release } = oldest;
  const after = ownShares(route.before).toSorted((a, b) => unitsOfText(b.weight) - unitsOfText(a.weight));
  if (after.length === 0)
    throw new StateError(
      `${routeName(route)} served no version of this agent before ${release.source}, so there is nothing to put back on it.`,
      'Set version to what the route should serve.',
    );
  return {
    key: compact({ target: route.target, direction: route.direction }),
    after,
    source: release.source,
  };
}

/**
 * The rollback's target from the history, or undefined when the history has none. `targets`: the routes
 * the step lists (phone numbers; "agent" for an agent's own split); empty where the step routes nothing.
 */
export function rollbackTarget(
  releases: readonly RecordedRelease[],
  targets: readonly string[],
): RollbackChoice | undefined {
  const fallback = versionTarget(releases);
  const routes = routesOf(releases, targets).map(restoredRoute);
  if (routes.length === 0)
    return fallback === undefined
      ? undefined
      : { version: { number: fallback.version }, source: fallback.source };
  const missing = targets.filter((target) => !routes.some((route) => route.key.target === target));
  if (missing.length > 0 && fallback === undefined)
    throw new StateError(
      `the release history names no earlier release on ${missing.join(', ')}, so what to put back there is unknown.`,
      'Set version to the version to put back, or roll back only the routes the history names.',
    );
  const [first] = routes;
  const sources = [...new Set(routes.map((route) => route.source))];
  return {
    version: { number: first?.after[0]?.version ?? '' },
    source: `what the routes served before ${sources.join(' and ')}`,
    routes: routes.map(({ key, after }) => ({ ...key, after })),
    ...(missing.length > 0 && fallback !== undefined ? { others: { number: fallback.version } } : {}),
  };
}
