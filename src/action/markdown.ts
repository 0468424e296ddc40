// Markdown for the job summary, shared by its parts.
import { capped, withoutAutolinks, withoutBidiControls } from './untrusted-text.ts';

/**
 * Provider and user text may contain Markdown or HTML; a table cell must show it literally. It is
 * capped, loses the characters that reorder text, and a bare address in it does not become a link.
 */
export function escapeCell(text: string): string {
  return withoutAutolinks(withoutBidiControls(capped(text, 2000)))
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}
