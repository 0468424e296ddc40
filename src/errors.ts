// Every failure the action reports is an ActionError: a message that says what went wrong and why,
// and a hint that says what to do next. The entry point prints both, in that order, for every kind.

export class ActionError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/**
 * How much of a refused value an error quotes: enough to find it, too little to print a key pasted
 * into the wrong input.
 */
export const MAX_QUOTED = 12;

/** A bad input, found before any request. `value` is omitted for secrets. */
export class InputError extends ActionError {
  readonly input: string;
  /** What is wrong with the value, with the value quoted: `is not a UUID (got "x")`. */
  readonly problem: string;

  constructor(input: string, problem: string, hint: string, value?: string) {
    const got = value === undefined ? '' : ` (got "${quoted(value)}")`;
    super(`Input "${input}" ${problem}${got}.`, hint);
    this.input = input;
    this.problem = `${problem}${got}`;
  }
}

/** One mistake in a manifest; `where` names the entry and line, when known. */
export interface ManifestProblem {
  readonly where?: string;
  /** The manifest line the problem is at, where it has one. */
  readonly line?: number;
  readonly message: string;
  readonly hint: string;
}

/** A headline, then one line per problem with its own fix: how every list of mistakes reads. */
function problemList(headline: string, problems: readonly ManifestProblem[]): string {
  const lines = problems.map(
    (problem) =>
      `- ${problem.where === undefined ? '' : `${problem.where}: `}${problem.message} Fix: ${problem.hint}`,
  );
  return [headline, ...lines].join('\n');
}

/** Every mistake found in a manifest, reported at once so that one run shows all there is to fix. */
export class ManifestError extends ActionError {
  readonly problems: readonly ManifestProblem[];
  /** The manifest file, relative to the workspace, when the manifest was read from one. */
  readonly file: string | undefined;

  constructor(problems: readonly ManifestProblem[], file?: string) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    super(
      problemList(`Input "manifest" has ${count}; nothing was sent:`, problems),
      'Correct each problem listed and run again: every entry is checked before any request is sent.',
    );
    this.problems = problems;
    this.file = file;
  }
}

/** Several bad inputs of one step, reported at once, in the manifest's form. */
export class InputErrors extends ActionError {
  readonly errors: readonly InputError[];

  constructor(errors: readonly InputError[]) {
    super(
      problemList(`${errors.length} inputs are wrong; nothing was sent:`, errors),
      'Correct each input listed and run again: every input is checked before any request is sent.',
    );
    this.errors = errors;
  }
}

/** What to throw for the bad inputs found: the one error as it is, several as one InputErrors. */
export function inputErrors(errors: readonly [InputError, ...InputError[]]): ActionError {
  return errors.length === 1 ? errors[0] : new InputErrors(errors);
}

/** The provider answered with a status we cannot proceed from. */
export class ProviderStatusError extends ActionError {
  readonly status: number;
  readonly code: string | undefined;

  constructor(options: { request: string; status: number; detail: string; code?: string; hint: string }) {
    const code = options.code === undefined ? '' : ` [${options.code}]`;
    super(`${options.request} answered HTTP ${options.status}${code}: ${options.detail}`, options.hint);
    this.status = options.status;
    this.code = options.code;
  }
}

/** No usable answer: connection failure, timeout, oversized body, refused redirect. */
export class TransportError extends ActionError {}

/**
 * A write failed after it may have reached the provider (a timeout, a dropped connection, a 5xx):
 * whether it took effect is unknown until the agent is read again.
 */
export class UncertainWriteError extends ActionError {}

export const UNCERTAIN_WRITE_HINT =
  'Re-run the job: the action reads the live state first, so it will not publish twice.';

/** The plan, the apply or the verify step found a state it cannot accept. */
export class StateError extends ActionError {}

export interface FailureDescription {
  readonly message: string;
  readonly hint: string;
}

/** Turns anything thrown into a message and a hint; unknown errors are bugs and say so. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof ActionError) return { message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in publish-agent: please open an issue with the step log (the key is never printed).',
  };
}

/** At most the first MAX_QUOTED characters of a refused value, with an ellipsis when cut. */
export function quoted(value: string): string {
  return value.length <= MAX_QUOTED ? value : `${value.slice(0, MAX_QUOTED)}…`;
}

/** The first `max` items, then how many more: "v9, v8, v7, … and 889,990 more". */
export function listed(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')}, … and ${(items.length - max).toLocaleString('en-US')} more`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
