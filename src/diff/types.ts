// What a release changes in an agent's configuration: the diff a reviewer reads before approving.
// Generic: providers give plain JSON (src/providers/types.ts ConfigCapability), this folder compares,
// redacts and measures it; src/action/summary-diff.ts renders it.

/** A value as the diff shows it: credentials never, URLs without query or user info. */
export type Shown = string | number | boolean | null;

/** One changed field. `path` names list items by their name: `general_tools[lookup].url`. */
export interface DiffEntry {
  readonly path: string;
  readonly change: 'changed' | 'added' | 'removed';
  /** Absent for an added field and for a credential. */
  readonly before?: Shown;
  /** Absent for a removed field and for a credential. */
  readonly after?: Shown;
  /** A field that holds a credential: only whether it changed is told, never its value. */
  readonly credential?: true;
  /** Long or multi-line text: the summary shows it as a line diff. */
  readonly text?: true;
}

/** The configuration diff of one agent's release. */
export interface ConfigDiff {
  /** What was compared: "version 1 → version 2". */
  readonly compared: string;
  readonly entries: readonly DiffEntry[];
  /** Fields that are the same on both sides: counted, not listed. */
  readonly unchanged: number;
  /** Set when a side could not be read: why. The entries are then empty. */
  readonly unreadable?: string;
  /** Set where the provider cannot show both sides: what cannot be compared. */
  readonly limitation?: string;
  /** Where one side only is read: its fingerprint, and how it compares with the last release's. */
  readonly fingerprint?: Fingerprinted;
}

export interface Fingerprinted {
  readonly value: string;
  /** unknown: no GitHub deployment record of an earlier release carries one. */
  readonly sinceLastRelease: 'changed' | 'unchanged' | 'unknown';
}
