// The job summary's traffic table: each route before → after, with percentages. Pure Markdown.
import type { RouteChange, Share } from '../routing/types.ts';
import { percentText } from '../routing/weights.ts';
import type { AgentReport } from '../publish/report.ts';
import { agentMarkdown, codeSpan, escapeCell } from './markdown.ts';

/** "v8" for a version number; a label or id as it is. */
function versionText(version: string): string {
  return /^\d+$/.test(version) ? `v${version}` : version;
}

/**
 * A share in a table cell: "v8 10 %", another agent's "`agent_x` v3 50 %", or by the name a person knows
 * where the adapter gave one ("main 90 %" for a branch id).
 */
export function shareCell(share: Share, names?: Readonly<Record<string, string>>): string {
  const who = share.agentId === undefined ? '' : `${codeSpan(share.agentId)} `;
  const named =
    share.agentId === undefined && names !== undefined && Object.hasOwn(names, share.version)
      ? names[share.version]
      : undefined;
  const version = named ?? versionText(share.version);
  return `${who}${escapeCell(version)} ${percentText(share.weight)}`;
}

function shareText(share: Share, changed: boolean): string {
  const text = shareCell(share);
  return changed && share.agentId === undefined ? `**${text}**` : text;
}

function sharesCell(shares: readonly Share[], bold: boolean): string {
  return shares.length === 0 ? '—' : shares.map((share) => shareText(share, bold)).join(' · ');
}

function routeRow(route: RouteChange, dryRun: boolean): string {
  const same =
    route.before.length === route.after.length &&
    route.before.every((share, i) => JSON.stringify(share) === JSON.stringify(route.after[i]));
  const direction = route.direction === undefined ? '' : ` ${escapeCell(route.direction)}`;
  const note = route.note === undefined ? '' : `<br>${escapeCell(route.note)}`;
  const after = same
    ? `unchanged${note}`
    : `${sharesCell(route.after, true)}${dryRun ? ' (would be)' : ''}${note}`;
  return `| ${codeSpan(route.target)}${direction} | ${sharesCell(route.before, false)} | ${after} |`;
}

/** The traffic of one agent, or undefined when it routes none. */
export function trafficSection(report: AgentReport, several: boolean): string | undefined {
  if (report.traffic === undefined) return undefined;
  const who = several ? ` of ${agentMarkdown(report)}` : '';
  const lines = [`**Traffic${who}**`];
  if (report.rollbackFrom !== undefined && report.version !== undefined) {
    // A rollback run again finds its target live already: it says so rather than "rolled back".
    const done = report.status === 'unchanged' ? 'Already rolled back to' : 'Rolled back to';
    lines.push(
      `${done} ${escapeCell(versionText(report.version))}, chosen from ${escapeCell(report.rollbackFrom)}.`,
    );
  }
  const rows = report.traffic.map((route) => routeRow(route, report.status === 'dry-run'));
  return [lines.join('  \n'), '', '| Route | Before | After |', '| --- | --- | --- |', ...rows].join('\n');
}
