// A Retell canary keeps part of a number's calls where they were. That part must name a version: `latest`
// is "the most recently created version (the largest version number)", usually the draft being edited,
// and a tag "resolves to latest" while unassigned (retell-sdk InboundAgent). Kept below 100 %, either
// would send most calls to unpublished edits, so such a route is refused before any write.
import { StateError } from '../../errors.ts';
import type { RouteAsk, Share } from '../types.ts';

const LATEST = 'latest';
/** Entries that follow publishes (pinned by src/routing/split.ts) or name a version already. */
const PINNED = /^\d+$/;

function floatingEntries(before: readonly Share[], keep: readonly string[]): Share[] {
  return before.filter(
    (share) => share.agentId === undefined && !PINNED.test(share.version) && !keep.includes(share.version),
  );
}

/** Throws when a share of the route would stay on `latest` or a tag; `keep` names the labels allowed. */
export function refuseFloatingRest(
  route: string,
  before: readonly Share[],
  ask: RouteAsk,
  keep: readonly string[],
): void {
  if (ask.kind !== 'share' || ask.basisPoints >= 10_000) return;
  const floating = floatingEntries(before, keep);
  const [first] = floating;
  if (first === undefined) return;
  const what =
    first.version === LATEST
      ? `"${LATEST}" (the newest version, which after a publish is often an unpublished draft)`
      : `the tag "${first.version}" (it resolves to "${LATEST}" while unassigned, and moves when reassigned)`;
  throw new StateError(
    `Retell number ${route} routes part of its calls to ${what}, and a canary would keep the rest of the calls on it; nothing was changed.`,
    `Pin ${route} to a version number first (in the Retell dashboard, agent_version: the version it serves now), or set traffic-percent to 100 to move all of its calls.`,
  );
}
