// The `diff` output: the configuration diff as JSON, within the outputs' size limit. Empty when nothing
// changes; `unreadable` says so when a side could not be read.
import type { ConfigDiff, DiffEntry } from '../diff/types.ts';
import type { AgentReport } from '../publish/report.ts';
import { capped } from './untrusted-text.ts';

/** Under GitHub's 1 MB for one output, like `result`. */
const MAX_DIFF_BYTES = 900_000;

function cappedEntry(entry: DiffEntry, max: number): DiffEntry {
  const { before, after } = entry;
  return {
    ...entry,
    ...(typeof before === 'string' ? { before: capped(before, max) } : {}),
    ...(typeof after === 'string' ? { after: capped(after, max) } : {}),
  };
}

/** What the output carries of a diff; undefined when nothing changes. */
export function diffValue(diff: ConfigDiff | undefined, max = 20_000): object | undefined {
  if (diff === undefined) return undefined;
  if (diff.unreadable !== undefined) return { compared: diff.compared, unreadable: diff.unreadable };
  if (diff.fingerprint === undefined && diff.limitation !== undefined) return undefined;
  if (diff.fingerprint !== undefined)
    return diff.fingerprint.sinceLastRelease === 'unchanged'
      ? undefined
      : { compared: diff.compared, limitation: diff.limitation, fingerprint: diff.fingerprint };
  if (diff.entries.length === 0) return undefined;
  return {
    compared: diff.compared,
    unchanged: diff.unchanged,
    changes: diff.entries.map((entry) => cappedEntry(entry, max)),
  };
}

/** Within the limit: long values cut shorter until it fits, then entries left out (counted). */
function fitted(build: (max: number) => unknown): string {
  for (const max of [20_000, 2000, 200]) {
    const text = JSON.stringify(build(max));
    if (Buffer.byteLength(text) <= MAX_DIFF_BYTES) return text;
  }
  return JSON.stringify({
    unreadable: 'the diff is too large for an output; the job summary shows its start',
  });
}

export function diffJson(diff: ConfigDiff | undefined): string {
  return diffValue(diff) === undefined ? '' : fitted((max) => diffValue(diff, max));
}

/** With a manifest: one object per entry whose configuration changes (or could not be read), `[]` when none. */
export function manifestDiff(reports: readonly AgentReport[]): string {
  return fitted((max) =>
    reports.flatMap((report) => {
      const value = diffValue(report.diff, max);
      return value === undefined
        ? []
        : [
            {
              ...(report.name === undefined ? {} : { name: report.name }),
              agentId: report.agentId,
              diff: value,
            },
          ];
    }),
  );
}
