// One agent's log in a run of several. Agents that run at the same time would interleave their
// lines; each agent's lines are held back instead and printed together, as one group, when it ends.
// Warnings and notices stay annotations: they are replayed as what they were.
import type { Logger } from '../log.ts';

type Level = 'info' | 'notice' | 'warning' | 'debug';

export interface HeldLog {
  /** The logger the agent writes to: every line is held, prefixed with the agent's label. */
  readonly log: Logger;
  /** Prints the held lines to `target`, as one group where the target has groups. */
  readonly flush: (target: Logger) => void;
}

export function heldLog(label: string): HeldLog {
  const lines: { level: Level; message: string }[] = [];
  // Annotations are listed apart from the log, so each line says which entry it is about.
  const hold = (level: Level) => (message: string) => {
    lines.push({ level, message: `[${label}] ${message}` });
  };
  const log: Logger = {
    info: hold('info'),
    notice: hold('notice'),
    warning: hold('warning'),
    debug: hold('debug'),
  };
  const flush = (target: Logger): void => {
    const replay = () => {
      for (const { level, message } of lines.splice(0)) target[level](message);
    };
    if (target.group === undefined) replay();
    else target.group(label, replay);
  };
  return { log, flush };
}
