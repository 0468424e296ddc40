// What one agent's release asks of the runner's side (GitHub deployment records), without depending
// on it: the orchestration passes these in, so that publish/ stays below action/.
import type { RouteChange, VersionRef } from '../providers/types.ts';

/**
 * A release (a publish, never a rollback) as a GitHub deployment record of the step's environment remembers
 * it: only records the action wrote itself, for this provider and agent, that ended in success.
 */
export interface RecordedRelease {
  /** The version it released, as the provider names it ("7"), or its release key (Plan.releaseKey). */
  readonly version: string;
  /** What was live before it, where the provider told. */
  readonly previous?: string;
  /** For the log and summary: "GitHub deployment 1000003 in "production" (2026-11-29T23:10:00Z)". */
  readonly source: string;
  /** Its routes before and after that step, where it routed traffic. */
  readonly traffic?: readonly Pick<RouteChange, 'target' | 'direction' | 'before' | 'after'>[];
}

/** What is known once the plan is made, before any write: what a deployment record's payload holds. */
export interface PlannedRelease {
  readonly release?: VersionRef;
  /** What names the release in the history, where its version does not (Plan.releaseKey). */
  readonly releaseKey?: string;
  /** What was live before the step, where the provider tells: a rollback's last resort. */
  readonly previous?: VersionRef;
  readonly traffic?: readonly RouteChange[];
  /** The configuration's fingerprint, where the provider shows one side only (src/diff/fingerprint.ts). */
  readonly fingerprint?: string;
}

export interface ReleaseHooks {
  /**
   * Rollback without a version: this agent's releases recorded in `environment`, newest first, read until
   * `enough` says the records read so far settle the rollback's target (or the history ends).
   */
  releaseHistory?(
    enough: (releases: readonly RecordedRelease[]) => boolean,
  ): Promise<readonly RecordedRelease[]>;
  /** Called once per agent when the plan is known, before any write (also for a plan that changes nothing). */
  planned?(planned: PlannedRelease): Promise<void>;
  /** The configuration fingerprint the newest successful record of this agent keeps; undefined: none. */
  recordedFingerprint?(): Promise<string | undefined>;
}
