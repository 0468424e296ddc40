// The job summary: what went live where, at a glance. Pure: returns Markdown, main writes it.
import type { FailureDescription } from '../errors.ts';
import {
  CHANGED,
  failuresOf,
  isFailure,
  isoSeconds,
  overallStatus,
  type AgentReport,
  type Status,
} from '../publish/report.ts';
import { shortSha, type Trigger } from '../inputs/context.ts';
import { agentMarkdown, codeSpan, escapeCell, link, linkText } from './markdown.ts';
import { testsSection } from './summary-tests.ts';
import { diffSection } from './summary-diff.ts';
import { trafficSection } from './summary-traffic.ts';
import { routesSection } from './summary-routes.ts';
import { capped, withoutBidiControls } from './untrusted-text.ts';

export { escapeCell };

/** Under GitHub's 1 MiB for a step summary. */
export const MAX_SUMMARY_BYTES = 1_000_000;

const STATUS_ICON: Record<Status, string> = {
  published: '✅',
  unpublished: '⏹️',
  'rolled-back': '⏪',
  unchanged: '⏸️',
  'dry-run': '🧪',
  failed: '❌',
  skipped: '⏭️',
};

function headline(reports: readonly AgentReport[], failed: boolean): string {
  if (reports.length > 1 && overallStatus(reports) === 'partial') return '⚠️ publish-agent: partly done';
  if (failed) return '❌ publish-agent failed';
  const statuses = new Set(reports.map((report) => report.status));
  if (statuses.size === 1) {
    const [status] = statuses;
    if (status === 'dry-run') return '🧪 publish-agent dry run: nothing was changed';
    if (status === 'unchanged') return '⏸️ publish-agent: already live, nothing changed';
    if (status === 'unpublished') return '⏹️ publish-agent: unpublished';
    if (status === 'rolled-back') return '⏪ publish-agent: rolled back';
  }
  return '✅ publish-agent: published';
}

function versionCell(report: AgentReport): string {
  if (
    report.version === undefined &&
    report.previousVersion === undefined &&
    report.plannedVersion === undefined
  )
    return '—';
  const before = report.previousVersion ?? '—';
  const after = report.version ?? '—';
  if (CHANGED.includes(report.status)) return `${escapeCell(before)} → **${escapeCell(after)}**`;
  // A dry run shows the change it would make, not yet in bold: it is not live.
  if (report.status === 'dry-run' && report.plannedVersion !== undefined)
    return `${escapeCell(before)} → ${escapeCell(report.plannedVersion)}`;
  return escapeCell(report.version ?? report.previousVersion ?? '—');
}

function agentCell(report: AgentReport): string {
  const id = codeSpan(report.agentId);
  const label = [report.name, report.agentName].flatMap((text) =>
    text === undefined ? [] : [escapeCell(text)],
  );
  return label.length === 0 ? id : `${label.join(' · ')}<br>${id}`;
}

function timeCell(report: AgentReport, now: Date): string {
  return isoSeconds(report.publishedAt, now);
}

function triggerLine(trigger: Trigger): string {
  const parts = [`${codeSpan(trigger.eventName || 'manual')} on ${codeSpan(trigger.ref || 'unknown ref')}`];
  if (trigger.sha !== '') {
    const sha = codeSpan(shortSha(trigger.sha));
    parts.push(`commit ${trigger.commitUrl === undefined ? sha : link(sha, trigger.commitUrl)}`);
  }
  if (trigger.actor !== '') parts.push(`by @${escapeCell(trigger.actor)}`);
  if (trigger.runUrl !== undefined)
    parts.push(link(`${linkText(trigger.workflow)} run #${trigger.runNumber}`, trigger.runUrl));
  return parts.join(' · ');
}

function failureBlock(failure: FailureDescription): string {
  // A manifest's problems come one per line: they stay a list.
  const message = failure.message.split('\n').map(escapeCell).join('\n> ');
  return `> **Error:** ${message}\n>\n> **Fix:** ${escapeCell(failure.hint)}`;
}

/** Why nothing changed, or would not: worth a line where the status alone does not say it. */
function explanation(report: AgentReport): string | undefined {
  const explains =
    report.status === 'unchanged' ||
    report.status === 'skipped' ||
    (report.status === 'dry-run' && report.request === undefined);
  return explains && report.error === undefined ? report.reason : undefined;
}

/** Grouped by provider, providers with a failure first; within a provider, failures first, then in order. */
function ordered(reports: readonly AgentReport[]): AgentReport[] {
  const failedFirst = (list: readonly AgentReport[]) =>
    [...list].sort((a, b) => Number(isFailure(b)) - Number(isFailure(a)));
  const groups = [...new Set(reports.map((report) => report.provider))].map((provider) =>
    failedFirst(reports.filter((report) => report.provider === provider)),
  );
  return groups.sort((a, b) => Number(b.some(isFailure)) - Number(a.some(isFailure))).flat();
}

function detailsCell(report: AgentReport): string {
  if (report.error !== undefined)
    return `**Error:** ${escapeCell(report.error.message)}<br>**Fix:** ${escapeCell(report.error.hint)}`;
  const why = explanation(report);
  return why === undefined ? '' : escapeCell(why);
}

function countsLine(reports: readonly AgentReport[]): string {
  const counts = new Map<string, number>();
  for (const report of reports) {
    const status = isFailure(report) ? 'failed' : report.status;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  return `**${reports.length} agents:** ${parts.join(' · ')}`;
}

/** Several agents: one row each, the error and its fix or the reason in the row itself. */
function manifestTable(reports: readonly AgentReport[]): string {
  const rows = ordered(reports).map(
    (report) =>
      `| ${report.providerName} | ${agentCell(report)} | ${versionCell(report)} | ${STATUS_ICON[report.status]} ${report.status} | ${detailsCell(report)} |`,
  );
  return [
    '| Provider | Agent | Version | Status | Details |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The lines the agent's adapter declared for its own outputs: "**Bindings:** `inbound-phone-number-id` `b7e2`". */
function declaredLines(report: AgentReport, agent: string): string[] {
  return (report.summaryLines ?? []).map(({ label, values }) => {
    const shown = values.map(
      ({ name, value }) => `${codeSpan(name)} ${value === '' ? 'none' : codeSpan(value)}`,
    );
    return `**${agent}${escapeCell(label)}:** ${shown.join(' · ')}`;
  });
}

function fenced(text: string): string {
  return ['```http', withoutBidiControls(capped(text, 20_000)).replace(/```/g, '` ` `'), '```'].join('\n');
}

/** The summary cut at a line within GitHub's limit, with a note saying so. */
export function withinSummaryLimit(markdown: string): string {
  if (Buffer.byteLength(markdown) <= MAX_SUMMARY_BYTES) return markdown;
  const note = '\n\n> The summary was cut here: GitHub shows at most 1 MiB. The step log has every agent.\n';
  const room = Buffer.from(markdown)
    .subarray(0, MAX_SUMMARY_BYTES - Buffer.byteLength(note))
    .toString('utf8');
  return `${room.slice(0, Math.max(0, room.lastIndexOf('\n')))}${note}`;
}

/** One agent: its row with the time it was published. */
function singleTable(report: AgentReport, now: Date): string {
  return [
    '| Provider | Agent | Version | Status | Time |',
    '| --- | --- | --- | --- | --- |',
    `| ${report.providerName} | ${agentCell(report)} | ${versionCell(report)} | ${STATUS_ICON[report.status]} ${report.status} | ${timeCell(report, now)} |`,
  ].join('\n');
}

/** The release's description (one per distinct text) and what triggered the run. */
function detailsLines(reports: readonly AgentReport[], trigger: Trigger): string {
  const details: string[] = [];
  const descriptions = [...new Set(reports.map((report) => report.description).filter((d) => d !== ''))];
  if (descriptions.length > 0) details.push(`**Description:** ${descriptions.map(escapeCell).join(' · ')}`);
  details.push(`**Trigger:** ${triggerLine(trigger)}`);
  return details.join('  \n');
}

/** What one agent adds below the table: tests, traffic, routes, configuration, notes, the request. */
function agentSections(report: AgentReport, several: boolean): string[] {
  const sections = [
    testsSection(report, several),
    trafficSection(report, several),
    routesSection(report, several),
    diffSection(report, several),
  ].filter((section) => section !== undefined);
  const why = explanation(report);
  if (!several && why !== undefined) sections.push(`${agentMarkdown(report)}: ${escapeCell(why)}.`);
  const agent = several ? `${agentMarkdown(report)}: ` : '';
  sections.push(...declaredLines(report, agent));
  for (const warning of report.warnings ?? []) sections.push(`> **Warning:** ${agent}${escapeCell(warning)}`);
  if (report.request !== undefined) {
    const who = several ? `${agentMarkdown(report)} would send` : 'Would send';
    sections.push(`${who}:\n\n${fenced(report.request)}`);
  }
  return sections;
}

export function renderSummary(
  reports: readonly AgentReport[],
  trigger: Trigger,
  inputFailure?: FailureDescription,
  now = new Date(),
): string {
  const failures = failuresOf(reports, inputFailure);
  const several = reports.length > 1;
  const sections = [`## ${headline(reports, failures.length > 0)}`];
  if (several) sections.push(countsLine(reports), manifestTable(reports));
  else if (reports[0] !== undefined) sections.push(singleTable(reports[0], now));
  sections.push(detailsLines(reports, trigger));
  for (const report of reports) sections.push(...agentSections(report, several));
  // With several agents, each failure is already in its row.
  if (!several) sections.push(...failures.map(failureBlock));
  return withinSummaryLimit(`${sections.join('\n\n')}\n`);
}
