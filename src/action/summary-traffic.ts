// The job summary's traffic table: each route before → after, with percentages. Pure Markdown.
import type { RouteChange, Share } from '../routing/types.ts';
import { percentText } from '../routing/weights.ts';
import type { AgentReport } from '../publish/report.ts';
import { codeSpan, escapeCell } from './markdown.ts';

function versionText(version: string): string {
  return /^\d+$/.test(version) ? `v${version}` : version;
}

function shareText(share: Share, changed: boolean): string {
  const who = share.agentId === undefined ? '' : `${codeSpan(share.agentId)} `;
  const text = `${who}${escapeCell(versionText(share.version))} ${percentText(share.weight)}`;
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
  const who = several ? ` of ${report.providerName} ${codeSpan(report.agentId)}` : '';
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
