// Routes and shares: where calls go, in words every provider's routing shares. Nothing here imports
// from above src/routing/, so providers, publish/ and action/ all use it.
import type { WriteRequest } from '../http/client.ts';

/** How the provider names a version: the number people see and the id the API uses. */
export interface VersionRef {
  readonly number?: string;
  readonly id?: string;
}

// A route is one list of weighted versions that calls are spread over: one per phone number and
// direction on a provider with numbers, or an agent's own split between branches. Weights are exact
// decimal strings (never floats): "0.1", "0.9"; the weights of a non-empty route add up to exactly 1.

/** One entry of a route: a version (or branch) and its share of the calls. */
export interface Share {
  /** The version or branch as the provider names it: "8", "latest_published", a branch id. */
  readonly version: string;
  /** Exact decimal fraction of 1: "1", "0.1", "0.125". */
  readonly weight: string;
  /** Set only on another agent's entry of the same route: it is kept as it is. */
  readonly agentId?: string;
}

/** One route, before and after the step. The same shape is the `traffic` output and the report field. */
export interface RouteChange {
  /** What carries the calls: a phone number ("+14155550100"), or "agent" for the agent's own split. */
  readonly target: string;
  /** Which calls, where a target has several lists: "inbound" or "outbound". */
  readonly direction?: string;
  readonly before: readonly Share[];
  readonly after: readonly Share[];
  /** One sentence where the route needs one: "follows latest_published, so publishes reach it already". */
  readonly note?: string;
}

/** What names a route: its target, and its direction where the target has several. */
export type RouteKey = Pick<RouteChange, 'target' | 'direction'>;

/** A route change and the write that makes it; no write: the route is as asked already. */
export interface PlannedRoute extends RouteChange {
  readonly write?: WriteRequest;
  /**
   * The route as the step itself may leave it before the write (a number that follows publishes, pinned
   * to the live version before the publish): found right before the write, it counts as `before`.
   */
  readonly pinnedBefore?: readonly Share[];
}

/** What the routing is asked to do: give `version` a share, or restore whole routes (rollback). */
export type RouteAsk =
  | {
      readonly kind: 'share';
      readonly version: VersionRef;
      readonly basisPoints: number;
      /** What was live before the step: "latest_published" entries are pinned to it below 100 %. */
      readonly previous?: VersionRef;
    }
  | {
      readonly kind: 'restore';
      readonly routes: readonly Pick<RouteChange, 'target' | 'direction' | 'after'>[];
      /** All of this agent's calls on the routes `routes` does not name go to it; none: those stay as they are. */
      readonly others?: VersionRef;
    };

/** The version (or whole split) a rollback puts back, and where that choice came from. */
export interface RollbackChoice {
  /** For the log and summary: "the canary in progress on +14155550100", "GitHub deployment 1000003". */
  readonly source: string;
  /** The version to move all traffic to... */
  readonly version?: VersionRef;
  /** ...or the split to restore, route by route (e.g. the split before the latest deployment)... */
  readonly routes?: readonly Pick<RouteChange, 'target' | 'direction' | 'after'>[];
  /** ...with all calls of the routes it does not name on this version. */
  readonly others?: VersionRef;
}
