// The job summary's configuration diff: a table of changed fields (before → after), long text as a line
// diff in a collapsed <details>, unchanged fields counted. Pure Markdown; values arrive redacted (src/diff/).
import type { ConfigDiff, DiffEntry, Shown } from '../diff/types.ts';
import { lineDiff } from '../diff/line-diff.ts';
import type { AgentReport } from '../publish/report.ts';
import { escapeCell } from './markdown.ts';
import { capped, oneLine, withoutBidiControls } from './untrusted-text.ts';

/** Rows and line diffs shown per agent; the `diff` output has every entry. */
const MAX_ROWS = 60;
const MAX_TEXT_DIFFS = 10;
const MAX_DIFF_CHARS = 20_000;

function cell(value: Shown | undefined): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? escapeCell(capped(value, 120)) : `\`${String(value)}\``;
}

function row(entry: DiffEntry): string {
  // <code>, not a code span: inside one the cell's escapes would show.
  const field = `<code>${escapeCell(entry.path)}</code>`;
  if (entry.credential === true) return `| ${field} | 🔒 credential | ${entry.change} (value not shown) |`;
  if (entry.text === true) return `| ${field} | text | ${entry.change}: see the line diff below |`;
  if (entry.change === 'added') return `| ${field} | — | added: ${cell(entry.after)} |`;
  if (entry.change === 'removed') return `| ${field} | ${cell(entry.before)} | removed |`;
  // Equal as shown: what changed is in a URL's query or user info, which is never shown.
  const after =
    entry.before === entry.after
      ? 'changed in the part not shown (query or user info)'
      : `**${cell(entry.after)}**`;
  return `| ${field} | ${cell(entry.before)} | ${after} |`;
}

function textDiff(entry: DiffEntry): string {
  const text = (value: Shown | undefined) => (typeof value === 'string' ? value : '');
  const lines = lineDiff(text(entry.before), text(entry.after));
  const added = lines.filter((line) => line.startsWith('+')).length;
  const removed = lines.filter((line) => line.startsWith('-')).length;
  const body = withoutBidiControls(capped(lines.join('\n'), MAX_DIFF_CHARS)).replace(/```/g, '` ` `');
  // An HTML block: Markdown escapes would show there, so HTML escapes only.
  const path = oneLine(entry.path, 300).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    `<details><summary><code>${path}</code>: ${removed} line(s) removed, ${added} added</summary>`,
    '',
    '```diff',
    body,
    '```',
    '',
    '</details>',
  ].join('\n');
}

function fingerprintLine(diff: ConfigDiff): string | undefined {
  const print = diff.fingerprint;
  if (print === undefined) return undefined;
  const since =
    print.sinceLastRelease === 'unknown'
      ? 'no GitHub deployment record of an earlier release keeps one to compare with'
      : `**${print.sinceLastRelease}** since the last recorded release`;
  return `Configuration fingerprint \`${print.value}\`: ${since}.`;
}

function body(diff: ConfigDiff): string[] {
  const parts: string[] = [];
  if (diff.limitation !== undefined) parts.push(`${escapeCell(diff.limitation)}.`);
  if (diff.unreadable !== undefined) {
    parts.push(`> **Not compared:** a side could not be read: ${escapeCell(diff.unreadable)}.`);
    return parts;
  }
  const print = fingerprintLine(diff);
  if (print !== undefined) return [...parts, print];
  if (diff.limitation !== undefined)
    return [
      ...parts,
      'With `environment` set, a fingerprint of the configuration is compared with the last release.',
    ];
  if (diff.entries.length === 0) return [...parts, `No field changes (${diff.unchanged} fields compared).`];
  const rows = diff.entries.slice(0, MAX_ROWS).map(row);
  const more = diff.entries.length - rows.length;
  parts.push(
    ['| Field | Before | After |', '| --- | --- | --- |', ...rows].join('\n') +
      (more > 0 ? `\n\n${more} more changed field(s): see the \`diff\` output.` : ''),
  );
  parts.push(
    ...diff.entries
      .filter((entry) => entry.text === true && entry.credential !== true)
      .slice(0, MAX_TEXT_DIFFS)
      .map(textDiff),
  );
  return parts;
}

/** The configuration diff of one agent, or undefined where none was read. */
export function diffSection(report: AgentReport, several: boolean): string | undefined {
  const diff = report.diff;
  if (diff === undefined) return undefined;
  const who = several ? ` of ${report.providerName} \`${escapeCell(report.agentId)}\`` : '';
  const counts =
    diff.entries.length === 0 ? '' : `: ${diff.entries.length} changed, ${diff.unchanged} unchanged`;
  const heading = `**What changes in the configuration${who}** (${escapeCell(diff.compared)}${counts})`;
  return [heading, ...body(diff)].join('\n\n');
}
