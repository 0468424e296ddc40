// Orchestration only: mask the key, read inputs, publish each agent, report outputs and summary.
import * as core from './runner.ts';
import { describeFailure, type FailureDescription } from './errors.ts';
import { closeConnections } from './http.ts';
import { readInputs, type InputSource } from './inputs.ts';
import type { Logger } from './log.ts';
import { providers } from './providers/index.ts';
import { publishAgent } from './publish.ts';
import { secretForms } from './redact.ts';
import { failuresOf, outputsFor, outputsForInputFailure, type AgentReport } from './report.ts';
import { renderSummary } from './summary.ts';
import { stopwatch } from './timing.ts';
import { readTrigger } from './trigger.ts';

const source: InputSource = {
  input: (name) => core.getInput(name),
  env: (name) => process.env[name],
};

const log: Logger = {
  info: (message) => {
    core.info(message);
  },
  notice: (message) => {
    core.notice(message);
  },
  warning: (message) => {
    core.warning(message);
  },
  debug: (message) => {
    core.debug(message);
  },
};

/**
 * Masks every key this step could use, in every form it could be printed in, before any input is
 * validated or logged: the runner then hides it even if it slipped into a message.
 */
function maskKeys(): void {
  const keys = [
    core.getInput('api-key'),
    ...providers.map((adapter) => process.env[adapter.apiKeyEnv] ?? ''),
  ];
  const forms = new Set(keys.flatMap((key) => [...secretForms(key), ...secretForms(key.trim())]));
  for (const form of forms) core.setSecret(form);
}

function failureText(failure: FailureDescription): string {
  return `publish-agent: ${failure.message}\nFix: ${failure.hint}`;
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.appendSummary(markdown);
  } catch (error) {
    // The summary is a courtesy; a release that went live must not fail because of it.
    core.warning(`Could not write the job summary: ${describeFailure(error).message}`);
  }
}

export async function run(): Promise<void> {
  const lap = stopwatch();
  maskKeys();
  const trigger = readTrigger();
  let reports: readonly AgentReport[] = [];
  let inputFailure: FailureDescription | undefined;
  try {
    const { requests, warnings } = readInputs(source, trigger, providers);
    core.debug(`timing: inputs ${lap()} ms`);
    warnings.forEach((warning) => {
      core.warning(warning);
    });
    reports = await Promise.all(requests.map((request) => publishAgent(request, log)));
  } catch (error) {
    inputFailure = describeFailure(error);
  } finally {
    await closeConnections();
  }
  core.debug(`timing: agents ${lap()} ms`);

  const [single] = reports;
  const outputs =
    single !== undefined
      ? outputsFor(single)
      : inputFailure !== undefined
        ? outputsForInputFailure(inputFailure)
        : {};
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  await writeSummary(renderSummary(reports, trigger, inputFailure));
  core.debug(`timing: summary ${lap()} ms`);

  const failures = failuresOf(reports, inputFailure);
  for (const failure of failures) core.setFailed(failureText(failure));
}
