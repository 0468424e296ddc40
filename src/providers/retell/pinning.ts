// A Retell canary keeps part of a number's calls where they were. That part must name a version: `latest`
// is "the most recently created version (the largest version number)", usually the draft being edited,
// and a tag "resolves to latest" while unassigned (retell-sdk InboundAgent). Kept below 100 %, either
// would send most calls to unpublished edits, so such a route is refused before any write. And a number
// that follows `latest_published` is pinned before a canary's publish (below).
import { StateError } from '../../errors.ts';
import { safeWrite } from '../../http/safe-write.ts';
import type { AdapterContext, RouteAsk, Share } from '../types.ts';
import { DIRECTIONS, LATEST, LATEST_PUBLISHED, LIST, phonePath, readNumber, type Entry } from './routing.ts';

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

/**
 * The route as pinBeforePublish leaves it (its own `latest_published` entries on the version live before
 * the step); undefined where it pins nothing. The route write counts it as the route it planned from.
 */
export function pinnedShares(before: readonly Share[], ask: RouteAsk): Share[] | undefined {
  const live = ask.kind === 'share' && ask.basisPoints < 10_000 ? ask.previous?.number : undefined;
  const follows = (share: Share) => share.agentId === undefined && share.version === LATEST_PUBLISHED;
  if (live === undefined || !before.some(follows)) return undefined;
  return before.map((share) => (follows(share) ? { ...share, version: live } : share));
}

/**
 * Before a canary's publish: a number in the step whose entries follow `latest_published` would move all of
 * its calls to the new version at the publish itself, before the route change (and for good, if that
 * change then failed). Its `latest_published` entries are pinned to the live version first, through the
 * one safe-write loop; the route change after the publish then gives the new version its share only.
 */
export async function pinBeforePublish({ http, log, target }: AdapterContext, live: string | undefined) {
  const traffic = target.traffic;
  if (traffic === undefined || traffic.basisPoints >= 10_000 || live === undefined) return;
  const follows = (item: Entry) => item.agentId === target.agentId && item.version === LATEST_PUBLISHED;
  for (const phoneNumber of traffic.targets) {
    const lists = await readNumber(http, phoneNumber);
    for (const direction of DIRECTIONS) {
      if (!lists[direction].some(follows)) continue;
      const pinned = lists[direction].map((item) =>
        follows(item) ? { ...(item.raw as object), agent_version: Number(live) } : item.raw,
      );
      log.info(
        `Retell number ${phoneNumber} ${direction}: pinned to version ${live} before the publish (it follows ${LATEST_PUBLISHED})`,
      );
      await safeWrite({
        what: `Retell agent ${target.agentId}: pin ${phoneNumber} ${direction}`,
        subject: `${phoneNumber} ${direction}`,
        http,
        log,
        send: () =>
          http.request({
            method: 'PATCH',
            path: phonePath('update-phone-number', phoneNumber),
            body: { [LIST[direction]]: pinned },
            idempotent: false,
          }),
        reread: async () => (await readNumber(http, phoneNumber))[direction],
        // Pinned is pinned: sending the same list again changes nothing twice.
        landed: (entries) => (entries.some(follows) ? 'not-landed' : 'landed'),
      });
    }
  }
}
