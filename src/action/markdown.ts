// Markdown for the job summary, shared by its parts: one function per place text goes (a table
// cell or a line of prose, a code span, a link), because each place reads backslashes differently.
import { capped, oneLine, withoutAutolinks, withoutBidiControls } from './untrusted-text.ts';

/**
 * Provider and user text may contain Markdown or HTML; a table cell (or a line of prose) must show it
 * literally. It is capped, loses the characters that reorder text, and a bare address in it does not
 * become a link. Markdown reads each `\` it adds as an escape, so none is shown.
 */
export function escapeCell(text: string): string {
  return withoutAutolinks(withoutBidiControls(capped(text, 2000)))
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

/**
 * Text shown as code (`workflow_dispatch`, `refs/heads/feature_x`, an id). Inside backticks Markdown
 * reads no escape, so the text goes in as it is, between backtick runs longer than any it holds. A
 * `|` would end a table cell even there: such text becomes an HTML `<code>`, escaped like a cell.
 */
export function codeSpan(text: string): string {
  const code = oneLine(withoutBidiControls(text), 2000);
  if (code === '') return '';
  if (code.includes('|')) return `<code>${escapeCell(code)}</code>`;
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space inside its fence; Markdown removes it.
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** The text of a link: escaped like a cell, so that a `]` or a second link cannot end or nest it. */
export function linkText(text: string): string {
  return escapeCell(text);
}

/**
 * A link to an address the action built (a run, a commit). `label` is Markdown already made safe
 * (linkText or codeSpan); an address that is not http(s) is not linked.
 */
export function link(label: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return label;
  const target = url.replace(
    /[\s()<>|]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${label}](${target})`;
}

/** "<provider> `<agent-id>`": which agent a summary line is about, where the summary covers several. */
export function agentMarkdown(report: { readonly providerName: string; readonly agentId: string }): string {
  return `${report.providerName} ${codeSpan(report.agentId)}`;
}
