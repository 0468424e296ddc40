// The runner's side of a step: inputs from INPUT_* variables, workflow commands (`::warning::…`) on
// stdout, outputs and the job summary appended to the files the runner names. This is the part of
// @actions/core the action uses, written out: importing @actions/core also loads its OIDC client,
// which imports all of undici (fetch, WebSocket, …), and exec and io. Leaving them out, together
// with src/undici.ts, took dist/index.js from 530 to 320 KB and the time to load it from about 100
// to 57 ms (npm run bench, on a busy machine).
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { logLines } from './untrusted-text.ts';

/** The runner reads one command per line, and decodes these three escapes in its message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

/** The input's value with surrounding whitespace trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** From now on the runner replaces this text with *** wherever the log would show it. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

/**
 * A log line. Messages carry provider text (a dry run prints the request; plans quote states): one
 * that the runner could read as a workflow command is fenced (see untrusted-text.ts).
 */
export function info(message: string): void {
  process.stdout.write(`${logLines(message, randomUUID).join(EOL)}${EOL}`);
}

/** Shown only when the run is debugged (RUNNER_DEBUG=1). */
export function debug(message: string): void {
  command('debug', message);
}

export function notice(message: string): void {
  command('notice', message);
}

export function warning(message: string): void {
  command('warning', message);
}

/** An error annotation; the step fails when the process exits. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  command('error', message);
}

/**
 * Appends `name<<delimiter`, the value, `delimiter` to the GITHUB_OUTPUT file. The delimiter is random,
 * so no value (even one a provider sent) can end it early. Without the file, no runner reads outputs.
 */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Adds Markdown to the job summary (the GITHUB_STEP_SUMMARY file). */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: this runner does not support job summaries.');
  await appendFile(file, markdown, 'utf8');
}
