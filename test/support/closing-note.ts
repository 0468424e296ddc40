// Material for an issue's closing note, from real runs of the action against the emulator: a test that
// runs a sequence hands over what its runs showed, and it is written to the file an environment variable
// names (`CLOSING_SUMMARIES=<file>`). Unset, nothing is written: the test runs as any other.
import { writeFileSync } from 'node:fs';

export interface ClosingNote {
  readonly title: string;
  /** How the runs were made, and how to make them again. */
  readonly intro: string;
  /** In order: a Markdown heading ("## Rollback", "### canary …") and what the step showed ('' for none). */
  readonly sections: readonly (readonly [string, string])[];
}

/** Writes the note to the file `variable` names; nothing when it is unset or empty. */
export function keepForClosingNote(variable: string, note: ClosingNote): void {
  const path = process.env[variable];
  if (path === undefined || path === '') return;
  const sections = note.sections.flatMap(([heading, text]) => [heading, text.trim()]);
  const blocks = [`# ${note.title}`, note.intro, ...sections].filter((block) => block !== '');
  writeFileSync(path, `${blocks.join('\n\n')}\n`);
}

/** The job summary's "Where calls go" tables, with the warnings the summary shows. */
export function whereCallsGo(summary: string): string {
  const lines = summary.split('\n');
  const start = lines.findIndex((line) => line.startsWith('**Where calls go'));
  if (start === -1) return '(no "Where calls go" in the summary)';
  const end = lines.findIndex((line, i) => i > start + 1 && !line.startsWith('|'));
  const table = lines.slice(start, end === -1 ? undefined : end);
  const warnings = lines.filter((line) => line.startsWith('> **Warning:**'));
  return [table.join('\n'), ...warnings].join('\n\n');
}
