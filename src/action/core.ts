// The runner's side of a step, through @actions/core: inputs, masks, log lines, annotations, groups,
// outputs and the job summary. The rest of the action calls these few functions only, so what it
// needs from the runner is listed here once. Log lines go through our stop-commands fence
// (untrusted-text.ts): core prints a message as it is given.
import * as actionsCore from '@actions/core';
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';
import { processClock, type Clock } from '../timing.ts';
import { logLines } from './untrusted-text.ts';

export type AnnotationProperties = actionsCore.AnnotationProperties;

/**
 * What a run needs from the runner. `run()` (src/main.ts) takes one: `actionsRunner` below in the
 * action, a fake that records everything in tests (test/support/fake-runner.ts).
 */
export interface Runner {
  /** The input's value with surrounding whitespace trimmed; '' when not given. */
  getInput(name: string): string;
  /** A variable of the step's environment (GITHUB_*, the providers' *_API_KEY). */
  env(name: string): string | undefined;
  setSecret(secret: string): void;
  info(message: string): void;
  debug(message: string): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  setFailed(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
  /** The step's time: deadline-seconds counts on it, retries and polls wait on it. */
  readonly clock: Clock;
}

/** The input's value with surrounding whitespace trimmed; '' when not given. */
export function getInput(name: string): string {
  return actionsCore.getInput(name);
}

/** From now on the runner replaces this text with *** wherever the log would show it. */
export function setSecret(secret: string): void {
  actionsCore.setSecret(secret);
}

/**
 * The text a log line prints. Messages carry provider text (a dry run prints the request; plans quote
 * states): one that the runner could read as a workflow command is fenced (see untrusted-text.ts).
 */
export function fencedLine(message: string): string {
  return logLines(message, randomUUID).join(EOL);
}

/** A log line, fenced (fencedLine). */
export function info(message: string): void {
  actionsCore.info(fencedLine(message));
}

/** Shown only when the run is debugged (RUNNER_DEBUG=1). */
export function debug(message: string): void {
  actionsCore.debug(message);
}

export function notice(message: string, properties?: AnnotationProperties): void {
  actionsCore.notice(message, properties);
}

export function warning(message: string, properties?: AnnotationProperties): void {
  actionsCore.warning(message, properties);
}

/** An error annotation, at a file and line when given; it does not fail the step by itself. */
export function error(message: string, properties?: AnnotationProperties): void {
  actionsCore.error(message, properties);
}

/** An error annotation; the step fails when the process exits. */
export function setFailed(message: string): void {
  actionsCore.setFailed(message);
}

/** Lines printed between these two fold into one group the log shows closed. */
export function startGroup(title: string): void {
  actionsCore.startGroup(title);
}

export function endGroup(): void {
  actionsCore.endGroup();
}

/** Appends the output to the GITHUB_OUTPUT file (core checks that the file is there). */
export function setOutput(name: string, value: string): void {
  actionsCore.setOutput(name, value);
}

/** Adds Markdown to the job summary (the GITHUB_STEP_SUMMARY file); fails when there is none. */
export async function appendSummary(markdown: string): Promise<void> {
  // Checked on every call: core looks the variable up once and remembers the file it named.
  if (!process.env.GITHUB_STEP_SUMMARY)
    throw new Error('GITHUB_STEP_SUMMARY is not set: this runner does not support job summaries.');
  try {
    await actionsCore.summary.addRaw(markdown).write();
  } catch (error) {
    // core keeps what was not written in a buffer it shares: a later call must not write it twice.
    actionsCore.summary.emptyBuffer();
    throw error;
  }
}

/** The runner of a real step: @actions/core and the process's environment. */
export const actionsRunner: Runner = {
  clock: processClock,
  getInput,
  env: (name) => process.env[name],
  setSecret,
  info,
  debug,
  notice,
  warning,
  error,
  setFailed,
  startGroup,
  endGroup,
  setOutput,
  appendSummary,
};
