// Routes, shares and versions as a person reads them, in log lines and messages.
import type { RouteKey, Share, VersionRef } from './types.ts';
import { percentText } from './weights.ts';

/** "+14155550100 inbound", "agent". */
export function routeName(route: RouteKey): string {
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

/** The label of a version ref in a route: its number, else its id. */
export function versionLabel(ref: VersionRef): string {
  return ref.number ?? ref.id ?? '';
}
