// How a route's weights change, exactly (in millionths, see weights.ts): the released version gets its
// share of this agent's part of the route, the rest stays on what the route served before, in the same
// proportions; other agents' entries keep their weights. Shared by every provider that routes traffic.
import { StateError } from '../errors.ts';
import { routeName, sharesText, versionLabel } from './names.ts';
import type { RouteAsk, RouteKey, Share } from './types.ts';
import { spread, unitsOfText, weightText, WHOLE } from './weights.ts';
import { sameRoute } from './route-key.ts';

export interface PlannedShares {
  readonly after: readonly Share[];
  /** The weight of each entry of `after`, in millionths. */
  readonly units: readonly number[];
  readonly note?: string;
}

interface Part {
  readonly version: string;
  units: number;
}

const isOwn = (share: Share): boolean => share.agentId === undefined;

/** Entries of one version merged; entries that weigh nothing dropped. */
function merged(parts: readonly Part[]): Part[] {
  const byVersion = new Map<string, Part>();
  for (const part of parts) {
    const known = byVersion.get(part.version);
    if (known === undefined) byVersion.set(part.version, { ...part });
    else known.units += part.units;
  }
  return [...byVersion.values()].filter((part) => part.units > 0);
}

/** This agent's part of a route restored to what a rollback asks for (unchanged where it names no such route). */
function restoredParts(
  own: readonly Part[],
  ownTotal: number,
  ask: RouteAsk & { kind: 'restore' },
  route: RouteKey,
): { parts: Part[]; note?: string } {
  const wanted = ask.routes.find((asked) => sameRoute(asked, route));
  if (wanted === undefined) {
    const others = ask.others === undefined ? undefined : versionLabel(ask.others);
    return { parts: others === undefined ? [...own] : [{ version: others, units: ownTotal }] };
  }
  const mine = wanted.after
    .filter(isOwn)
    .map((share) => ({ version: share.version, units: unitsOfText(share.weight) }));
  const units = spread(
    ownTotal,
    mine.map((part) => part.units),
  );
  return { parts: merged(mine.map((part, i) => ({ version: part.version, units: units[i] ?? 0 }))) };
}

/** This agent's part of a route with the released version at its share, the rest in proportion. */
function sharedParts(
  own: readonly Part[],
  ownTotal: number,
  ask: RouteAsk & { kind: 'share' },
  where: string,
  floating: string | undefined,
): { parts: Part[]; note?: string } {
  const released = versionLabel(ask.version);
  const previous = ask.previous === undefined ? undefined : versionLabel(ask.previous);
  const share = Math.round((ownTotal * ask.basisPoints) / 10_000);
  const rest = merged(
    own
      .map((part) =>
        part.version === floating && previous !== undefined ? { ...part, version: previous } : part,
      )
      .filter((part) => part.version !== released),
  );
  if (rest.some((part) => part.version === floating))
    throw new StateError(
      `${where} follows ${floating}, and what was live before this step is unknown, so its other calls cannot be pinned.`,
      'Set traffic-percent to 100, or pin the number to a version in the provider dashboard first.',
    );
  if (share === ownTotal || rest.length === 0) {
    const parts = [{ version: released, units: ownTotal }];
    if (share === ownTotal) return { parts };
    return {
      parts,
      note: `no other version of this agent on ${where} to keep the rest: all its calls go to ${released}`,
    };
  }
  const units = spread(
    ownTotal - share,
    rest.map((part) => part.units),
  );
  return {
    parts: merged([
      { version: released, units: share },
      ...rest.map((part, i) => ({ version: part.version, units: units[i] ?? 0 })),
    ]),
  };
}

/**
 * A route's weights as read must add up to 1: each is rounded to a millionth, so by at most a millionth each.
 * Any other sum is refused before any write: shares computed from it would not be what anybody set.
 */
function checkSum(before: readonly Share[], route: RouteKey): void {
  const units = before.map((share) => unitsOfText(share.weight));
  const sum = units.reduce((a, b) => a + b, 0);
  if (before.length === 0 || (!units.some(Number.isNaN) && Math.abs(sum - WHOLE) <= before.length)) return;
  throw new StateError(
    `The weights of ${routeName(route)} add up to ${weightText(sum)}, not 1 (${sharesText(before)}), so its shares cannot be read.`,
    `Fix the weights of ${routeName(route)} in the provider dashboard so that they add up to 1, then re-run.`,
  );
}

/**
 * The route after the step (`route` names it: target and direction); `floating` is the
 * provider's label for "whatever is published last", pinned to `ask.previous` when a share of calls must
 * stay behind.
 */
export function planShares(
  before: readonly Share[],
  ask: RouteAsk,
  route: RouteKey,
  options: { readonly floating?: string } = {},
): PlannedShares {
  checkSum(before, route);
  const others = before.filter((share) => !isOwn(share));
  const othersUnits = others.map((share) => unitsOfText(share.weight));
  const ownTotal = Math.max(0, WHOLE - othersUnits.reduce((a, b) => a + b, 0));
  const own = before
    .filter(isOwn)
    .map((share) => ({ version: share.version, units: unitsOfText(share.weight) }));
  const planned =
    ask.kind === 'restore'
      ? restoredParts(own, ownTotal, ask, route)
      : sharedParts(own, ownTotal, ask, routeName(route), options.floating);
  const after: Share[] = [
    ...planned.parts.map((part) => ({ version: part.version, weight: weightText(part.units) })),
    ...others,
  ];
  const result = { after, units: [...planned.parts.map((part) => part.units), ...othersUnits] };
  return planned.note === undefined ? result : { ...result, note: planned.note };
}

/** The same entries with the same weights, in any order. */
export function sameShares(a: readonly Share[], b: readonly Share[]): boolean {
  const key = (share: Share) =>
    `${share.agentId ?? ''}\u0000${share.version}\u0000${unitsOfText(share.weight)}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((item, i) => item === right[i]);
}
