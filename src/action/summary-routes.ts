// The job summary's "Where calls go": every route of the agent after the step, what it serves, and a
// mark on each route that does not serve what the step asked. Pure Markdown.
import type { AgentReport } from '../publish/report.ts';
import type { RouteRecord } from '../routing/where.ts';
import { agentMarkdown, codeSpan, escapeCell } from './markdown.ts';
import { shareCell } from './summary-traffic.ts';

function servesCell(record: RouteRecord): string {
  if (record.serves === 'unknown') return '❔ unknown';
  if (record.serves.length === 0) return 'no agent';
  return record.serves.map((share) => shareCell(share, record.names)).join(' · ');
}

/** ✅ as asked; ⚠️ a route asked for that serves something else, one not named that misses the release, or a warning. */
function verdictCell(record: RouteRecord): string {
  const named = record.asked ? '' : ' (not named by the step)';
  if (record.servesAsked === 'unknown') return `❔ unknown${named}`;
  // A warning (a webhook, a pinned branch) means calls may go elsewhere than the route shows.
  const mark = record.warning === undefined ? '✅' : '⚠️';
  if (record.servesAsked) return record.asked ? `${mark} yes` : `${mark} serves the release${named}`;
  return record.asked ? '⚠️ **no**' : `⚠️ does not serve the release${named}`;
}

function row(record: RouteRecord): string {
  const direction = record.direction === undefined ? '' : ` ${escapeCell(record.direction)}`;
  const notes = [record.note, record.warning].filter((text) => text !== undefined).map(escapeCell);
  const detail = notes.length === 0 ? '' : `<br>${notes.join('<br>')}`;
  return `| ${codeSpan(record.target)}${direction} | ${servesCell(record)} | ${verdictCell(record)}${detail} |`;
}

/** Where calls go for one agent, or undefined when its provider reads no routes (or the step wrote nothing). */
export function routesSection(report: AgentReport, several: boolean): string | undefined {
  if (report.routes === undefined) return undefined;
  const who = several ? ` (${agentMarkdown(report)})` : '';
  if (report.routes.length === 0)
    return `**Where calls go${who}:** no phone number or split routes calls to this agent.`;
  return [
    `**Where calls go${who}**`,
    '',
    '| Route | Serves now | Serves what the step asked |',
    '| --- | --- | --- |',
    ...report.routes.map(row),
  ].join('\n');
}
