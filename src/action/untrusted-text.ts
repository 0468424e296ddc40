// Text the action did not write (provider answers, manifest names, descriptions) on its way to the
// log, the outputs and the job summary. Pure: core.ts, outputs.ts and summary.ts call these.
//
// The runner reads every line of a step's output for a workflow command. It trims the line's
// leading whitespace (Unicode whitespace too) and then looks for `::name::`, and it also runs the
// old `##[name]` form found anywhere in the line. A message that could hold either is fenced.

/** Every character .NET's Char.IsWhiteSpace accepts (the runner's TrimStart), and more. */
const LEADING_WHITESPACE = /^[\s\u0085\u180e\u200b\ufeff]+/u;
/** Every line break the runner splits on, and the Unicode ones a renderer might. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/u;

/** Whether any line of the text could be read by the runner as a workflow command. */
export function couldRunCommand(text: string): boolean {
  if (text.includes('##[')) return true;
  return text.split(LINE_BREAK).some((line) => line.replace(LEADING_WHITESPACE, '').startsWith('::'));
}

/**
 * The lines that log a message. A message that could hold a command is wrapped in stop-commands
 * markers; between them the runner runs no command until it reads `::<token>::`, which only the
 * action knows (a fresh random token per message).
 */
export function logLines(message: string, token: () => string): string[] {
  if (!couldRunCommand(message)) return [message];
  const fence = token();
  return [`::stop-commands::${fence}`, message, `::${fence}::`];
}

/** Characters that reorder how text is shown (U+202A–U+202E, U+2066–U+2069, and the marks). */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Control characters, line and paragraph separators, and bidirectional controls. */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** The most characters of one provider string an output or the summary carries. */
export const MAX_PROVIDER_TEXT = 1000;

/** Cut to `max` characters with an ellipsis, never inside a surrogate pair. */
export function capped(text: string, max = MAX_PROVIDER_TEXT): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

/** One line without control characters, as outputs such as `agent-name` promise. */
export function oneLine(text: string, max = MAX_PROVIDER_TEXT): string {
  return capped(text.replace(NOT_ONE_LINE, ' ').trim(), max);
}

/** An ISO 8601 date and time, as `published-at` promises (with an offset or Z, fractions allowed). */
export function isIsoTimestamp(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}

/**
 * Keeps a bare address from rendering as a link in Markdown: GitHub links `https://…`, `www.…` and
 * e-mail addresses by themselves. A zero-width joiner after the scheme's colon (or in `www.` and
 * before `@`) breaks the pattern while the text reads the same.
 */
export function withoutAutolinks(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/giu, '$1:\u2060')
    .replace(/\bwww\./giu, 'www\u2060.')
    .replace(/@(?=[\p{L}\p{N}])/gu, '@\u2060');
}
