// A runner for in-process runs of run() (src/main.ts): it records what the action gives the runner
// (outputs, summary, failures, masks, log lines) instead of writing to the process. Its `stdout` is the
// log as @actions/core would print it (`::warning::…` with core's escaping), so tests written against
// the bundle's stdout read it the same way. Written apart from src/action/core.ts on purpose, but for
// the fence of info lines: that is the action's own (fencedLine), which the runner's side prints.
import { appendFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { fencedLine, type AnnotationProperties, type Runner } from '../../src/action/core.ts';
import { virtualClock, type VirtualClock } from './virtual-clock.ts';

export interface FakeRunner extends Runner {
  /** The log lines, as the runner's stdout would hold them. */
  readonly lines: string[];
  readonly outputs: Record<string, string>;
  readonly secrets: string[];
  /** The messages given to setFailed: the step failed when there is one. */
  readonly failures: string[];
  /** The job summary as appended. */
  readonly summary: string;
  readonly clock: VirtualClock;
}

export interface FakeRunnerOptions {
  /** The inputs as given, declared defaults included; untrimmed. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The step's environment. GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, when set, are written as well. */
  readonly env: Readonly<Record<string, string>>;
  /** Default: a virtual clock that starts with the run, so deadline-seconds counts from it. */
  readonly clock?: VirtualClock;
}

/** core's escaping of a command's data (toCommandValue, escapeData). */
const escapeData = (text: string): string =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** core's names for the annotation properties (toCommandProperties). */
function propertiesOf(properties: AnnotationProperties = {}): string {
  const named: Record<string, string | number | undefined> = {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
  const given = Object.entries(named).filter(([, value]) => value !== undefined);
  return given.length === 0
    ? ''
    : ` ${given.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',')}`;
}

export function fakeRunner({ inputs, env, clock = virtualClock() }: FakeRunnerOptions): FakeRunner {
  const lines: string[] = [];
  const outputs: Record<string, string> = {};
  const secrets: string[] = [];
  const failures: string[] = [];
  let summary = '';
  const command = (name: string, message: string, properties?: AnnotationProperties) => {
    lines.push(`::${name}${propertiesOf(properties)}::${escapeData(message)}`);
  };
  return {
    lines,
    outputs,
    secrets,
    failures,
    get summary() {
      return summary;
    },
    clock,
    getInput: (name) => (inputs[name] ?? '').trim(),
    env: (name) => env[name],
    setSecret: (secret) => {
      secrets.push(secret);
      command('add-mask', secret);
    },
    // The action's own fence, as the real runner's info prints it.
    info: (message) => lines.push(fencedLine(message)),
    debug: (message) => {
      command('debug', message);
    },
    notice: (message, properties) => {
      command('notice', message, properties);
    },
    warning: (message, properties) => {
      command('warning', message, properties);
    },
    error: (message, properties) => {
      command('error', message, properties);
    },
    setFailed: (message) => {
      failures.push(message);
      command('error', message);
    },
    startGroup: (title) => {
      command('group', title);
    },
    endGroup: () => {
      command('endgroup', '');
    },
    setOutput: (name, value) => {
      // A GITHUB_OUTPUT the test names is written, so that a file that cannot be is a failure here too.
      if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
      outputs[name] = value;
    },
    appendSummary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY === '')
        throw new Error('GITHUB_STEP_SUMMARY is not set: this runner does not support job summaries.');
      if (env.GITHUB_STEP_SUMMARY !== undefined) await appendFile(env.GITHUB_STEP_SUMMARY, markdown);
      summary += markdown;
    },
  };
}
