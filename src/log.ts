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
