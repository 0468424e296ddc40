// The job summary: what went live where, at a glance. Pure: returns Markdown, main writes it.
import type { FailureDescription } from './errors.ts';
import { failuresOf, type AgentReport, type Status } from './report.ts';
import { shortSha, type Trigger } from './trigger.ts';

const STATUS_ICON: Record<Status, string> = {
  published: '✅',
  unpublished: '⏹️',
  unchanged: '⏸️',
  'dry-run': '🧪',
  failed: '❌',
};

/** Provider and user text may contain Markdown or HTML; a table cell must show it literally. */
export function escapeCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function headline(reports: readonly AgentReport[], failed: boolean): string {
  if (failed) return '❌ publish-agent failed';
  const statuses = new Set(reports.map((report) => report.status));
  if (statuses.size === 1) {
    const [status] = statuses;
    if (status === 'dry-run') return '🧪 publish-agent dry run: nothing was changed';
    if (status === 'unchanged') return '⏸️ publish-agent: already live, nothing changed';
    if (status === 'unpublished') return '⏹️ publish-agent: unpublished';
  }
  return '✅ publish-agent: published';
}

function versionCell(report: AgentReport): string {
  if (report.version === undefined && report.previousVersion === undefined) return '—';
  const before = report.previousVersion ?? '—';
  const after = report.version ?? '—';
  if (report.status === 'published' || report.status === 'unpublished')
    return `${escapeCell(before)} → **${escapeCell(after)}**`;
  return escapeCell(report.version ?? report.previousVersion ?? '—');
}

function agentCell(report: AgentReport): string {
  const id = `\`${report.agentId}\``;
  return report.agentName === undefined ? id : `${escapeCell(report.agentName)}<br>${id}`;
}

function timeCell(report: AgentReport, now: Date): string {
  const when = report.publishedAt === undefined ? now : new Date(report.publishedAt);
  const valid = Number.isNaN(when.getTime()) ? now : when;
  return `${valid.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function triggerLine(trigger: Trigger): string {
  const parts = [
    `\`${escapeCell(trigger.eventName || 'manual')}\` on \`${escapeCell(trigger.ref || 'unknown ref')}\``,
  ];
  if (trigger.sha !== '') {
    const sha = `\`${shortSha(trigger.sha)}\``;
    parts.push(`commit ${trigger.commitUrl === undefined ? sha : `[${sha}](${trigger.commitUrl})`}`);
  }
  if (trigger.actor !== '') parts.push(`by @${escapeCell(trigger.actor)}`);
  if (trigger.runUrl !== undefined)
    parts.push(`[${escapeCell(trigger.workflow)} run #${trigger.runNumber}](${trigger.runUrl})`);
  return parts.join(' · ');
}

function failureBlock(failure: FailureDescription): string {
  return `> **Error:** ${escapeCell(failure.message)}\n>\n> **Fix:** ${escapeCell(failure.hint)}`;
}

function fenced(text: string): string {
  return ['```http', text.replace(/```/g, '` ` `'), '```'].join('\n');
}

export function renderSummary(
  reports: readonly AgentReport[],
  trigger: Trigger,
  inputFailure?: FailureDescription,
  now = new Date(),
): string {
  const failures = failuresOf(reports, inputFailure);
  const sections = [`## ${headline(reports, failures.length > 0)}`];
  if (reports.length > 0) {
    const rows = reports.map(
      (report) =>
        `| ${report.providerName} | ${agentCell(report)} | ${versionCell(report)} | ${STATUS_ICON[report.status]} ${report.status} | ${timeCell(report, now)} |`,
    );
    sections.push(
      ['| Provider | Agent | Version | Status | Time |', '| --- | --- | --- | --- | --- |', ...rows].join(
        '\n',
      ),
    );
  }
  const details: string[] = [];
  const descriptions = [...new Set(reports.map((report) => report.description).filter((d) => d !== ''))];
  if (descriptions.length > 0) details.push(`**Description:** ${descriptions.map(escapeCell).join(' · ')}`);
  details.push(`**Trigger:** ${triggerLine(trigger)}`);
  sections.push(details.join('  \n'));
  for (const report of reports) {
    const explains = report.status === 'unchanged' || report.status === 'dry-run';
    if (explains && report.reason !== undefined && report.error === undefined) {
      sections.push(`${report.providerName} \`${report.agentId}\`: ${escapeCell(report.reason)}.`);
    }
    if (report.request !== undefined) sections.push(`Would send:\n\n${fenced(report.request)}`);
  }
  sections.push(...failures.map(failureBlock));
  return `${sections.join('\n\n')}\n`;
}
