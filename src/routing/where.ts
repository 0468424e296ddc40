// Where calls go after a step: every route that serves the agent, read after the writes, whether the
// step named it or not (a number pinned to an old version, another number of the agent, a branch pinned
// on a number). Each route is judged against what the step asked; one that cannot be read is listed as
// unknown, never left out.
import { sameShares } from './split.ts';
import type { RouteChange, RouteKey, Share } from './types.ts';
import { sameRoute } from './route-key.ts';

/** One route of the agent as an adapter read it after the step. */
export interface RouteReading extends RouteKey {
  /** What it serves now; undefined when it could not be read (`unreadable` says why). */
  readonly serves?: readonly Share[];
  readonly unreadable?: string;
  /** How a person names what it serves, by version, where the ids do not say it (branch names): for the summary. */
  readonly names?: Readonly<Record<string, string>>;
  /**
   * For a route the step did not name: whether it serves what the step released, as the adapter
   * resolves its entries (latest, tags, a pinned branch). undefined: the adapter cannot tell.
   */
  readonly servesRelease?: boolean;
  /** The provider routes every such route to what the step releases (one published version per agent). */
  readonly asked?: boolean;
  /** One sentence about the route: "follows latest_published", "pinned to branch experiment". */
  readonly note?: string;
  /** What a person must know: calls on this route may go elsewhere than the step can see. */
  readonly warning?: string;
}

/** One route in the `routes` output and the summary's "Where calls go". */
export interface RouteRecord extends RouteKey {
  /** What the route serves now, or 'unknown' when it could not be read. */
  readonly serves: readonly Share[] | 'unknown';
  /** How a person names the versions it serves, where the ids do not say it (RouteReading.names). */
  readonly names?: Readonly<Record<string, string>>;
  /** Whether the step asked something of this route (named it, or the provider routes it to the release). */
  readonly asked: boolean;
  /** Whether it serves what the step asked (for a route not asked: the released version). */
  readonly servesAsked: boolean | 'unknown';
  readonly note?: string;
  readonly warning?: string;
}

function judged(reading: RouteReading, planned: RouteChange | undefined): RouteRecord {
  const { target, direction, serves, names, note, warning } = reading;
  const verdict: boolean | 'unknown' =
    serves === undefined
      ? 'unknown'
      : planned !== undefined
        ? sameShares(serves, planned.after)
        : (reading.servesRelease ?? 'unknown');
  const why = serves === undefined ? (reading.unreadable ?? 'could not be read') : note;
  return {
    target,
    ...(direction === undefined ? {} : { direction }),
    serves: serves ?? 'unknown',
    ...(names === undefined || serves === undefined ? {} : { names }),
    asked: planned !== undefined || reading.asked === true,
    servesAsked: verdict,
    ...(why === undefined ? {} : { note: why }),
    ...(warning === undefined ? {} : { warning }),
  };
}

/**
 * Every route read, judged: a route the step named must serve its planned split; another one, what
 * the step released. A named route the read did not return is kept, as unknown.
 */
export function judgeRoutes(
  readings: readonly RouteReading[],
  planned: readonly RouteChange[] = [],
): RouteRecord[] {
  const records = readings.map((reading) =>
    judged(
      reading,
      planned.find((route) => sameRoute(route, reading)),
    ),
  );
  const missing = planned.filter((route) => !readings.some((reading) => sameRoute(route, reading)));
  return [
    ...records,
    ...missing.map((route) =>
      judged(
        {
          target: route.target,
          ...(route.direction === undefined ? {} : { direction: route.direction }),
          unreadable: 'not among the routes read after the step',
        },
        route,
      ),
    ),
  ];
}

/** The routes the step asked for that serve something else: these make the step fail. */
export function misrouted(records: readonly RouteRecord[]): RouteRecord[] {
  return records.filter((record) => record.asked && record.servesAsked === false);
}
