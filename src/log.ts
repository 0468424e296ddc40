/** Where the action's progress goes; main binds it to the runner (src/runner.ts), tests to an array. */
export interface Logger {
  info(message: string): void;
  /** A notice annotation: worth a glance, not a problem. */
  notice(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}
