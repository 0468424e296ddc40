// One agent's log in a run of several. Agents that run at the same time would interleave their
// lines; each agent's lines are held back instead and printed together, as one group, when it ends.
// Warnings and notices stay annotations: they are replayed as what they were.
import { heldLines, type Logger } from '../log.ts';

export interface HeldLog {
  /** The logger the agent writes to: every line is held, prefixed with the agent's label. */
  readonly log: Logger;
  /** Prints the held lines to `target`, as one group where the target has groups. */
  readonly flush: (target: Logger) => void;
}

export function heldLog(label: string): HeldLog {
  // Annotations are listed apart from the log, so each line says which entry it is about.
  const { log, replay } = heldLines(`[${label}] `);
  const flush = (target: Logger): void => {
    if (target.group === undefined) replay(target);
    else
      target.group(label, () => {
        replay(target);
      });
  };
  return { log, flush };
}
