/** Where the action's progress goes; main binds it to the runner (src/action/core.ts), tests to an array. */
export interface Logger {
  info(message: string): void;
  /** A notice annotation: worth a glance, not a problem. */
  notice(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Prints what `write` logs as one folded group titled `title`; without it, the lines are printed as they come. */
  group?(title: string, write: () => void): void;
}

export type Level = 'info' | 'notice' | 'warning' | 'debug';

export interface HeldLines {
  /** Holds every line, `prefix` first. */
  readonly log: Logger;
  /** Writes the held lines to `target` in the order they came, as what they were, and forgets them. */
  readonly replay: (target: Logger) => void;
}

/** A logger whose lines wait: work done at the same time as other work logs in a stable order. */
export function heldLines(prefix = ''): HeldLines {
  const lines: { level: Level; message: string }[] = [];
  const hold = (level: Level) => (message: string) => {
    lines.push({ level, message: `${prefix}${message}` });
  };
  const log: Logger = {
    info: hold('info'),
    notice: hold('notice'),
    warning: hold('warning'),
    debug: hold('debug'),
  };
  const replay = (target: Logger): void => {
    for (const { level, message } of lines.splice(0)) target[level](message);
  };
  return { log, replay };
}
