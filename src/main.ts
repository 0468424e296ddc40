// Orchestration only: mask the keys, read inputs, publish each agent (inside its GitHub deployment
// record when asked), report outputs and summary.
import * as core from './action/core.ts';
import { createDeploymentTracker, recordDeployment } from './action/deployments.ts';
import { recordedFingerprint, releaseHistory } from './action/release-history.ts';
import { describeFailure, ManifestError, type FailureDescription } from './errors.ts';
import { closeConnections } from './http/transport.ts';
import { readInputs, type InputSource, type ParsedInputs } from './inputs/index.ts';
import type { Logger } from './log.ts';
import { matrixOf, planOnlyLine } from './action/matrix.ts';
import { providers } from './providers/index.ts';
import { publishAgent } from './publish/agent.ts';
import { secretForms } from './http/redact.ts';
import { releaseAll } from './publish/all.ts';
import { outputsForInputFailure, outputsForReports, outputWarnings } from './action/outputs.ts';
import { failuresOf, type AgentReport } from './publish/report.ts';
import { renderSummary } from './action/summary.ts';
import { stopwatch } from './timing.ts';
import { readTrigger, type Trigger } from './inputs/context.ts';

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
  group: (title, write) => {
    core.startGroup(title);
    try {
      write();
    } finally {
      core.endGroup();
    }
  },
};

/**
 * Masks keys in every form they could be printed in: the runner then hides them even if one slipped
 * into a message. The step's keys are masked before any input is validated or logged.
 */
function maskKeys(keys: readonly string[]): void {
  for (const form of keys.flatMap((key) => [...secretForms(key), ...secretForms(key.trim())])) {
    if (masked.has(form)) continue;
    masked.add(form);
    core.setSecret(form);
  }
}

/** Each problem of a manifest file as an error annotation on its line, where the file shows it. */
function annotateManifest(error: unknown): void {
  if (!(error instanceof ManifestError) || error.file === undefined) return;
  for (const problem of error.problems) {
    if (problem.line === undefined) continue;
    const where = problem.where === undefined ? '' : `${problem.where}: `;
    core.error(`${where}${problem.message} Fix: ${problem.hint}`, {
      title: 'publish-agent manifest',
      file: error.file,
      startLine: problem.line,
    });
  }
}

/** Each form is masked once, though the step's keys are masked again once the manifest names its own. */
const masked = new Set<string>();

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

/** One agent from the inputs, or every agent of the manifest. */
async function readRequests(trigger: Trigger): Promise<ParsedInputs> {
  const manifest = source.input('manifest');
  if (manifest === '') return readInputs(source, trigger, providers);
  // Loaded only here, with the YAML parser, so that a single-agent step never loads them.
  const { readManifestInputs } = await import('./manifest/index.ts');
  return readManifestInputs(manifest, source, trigger, providers);
}

type Outcome =
  | { readonly parsed: ParsedInputs; readonly reports: readonly AgentReport[] }
  | { readonly failure: FailureDescription };

async function release(trigger: Trigger, lap: () => number): Promise<Outcome> {
  try {
    const parsed = await readRequests(trigger);
    core.debug(`timing: inputs ${lap()} ms`);
    // A manifest's api-key-env names variables known only now; nothing has been logged yet.
    maskKeys(parsed.requests.map((request) => request.apiKey));
    parsed.warnings.forEach((warning) => {
      core.warning(warning);
    });
    const tracker = createDeploymentTracker(
      {
        apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        repository: trigger.repository || undefined,
        sha: trigger.sha || undefined,
        runUrl: trigger.runUrl,
      },
      log,
    );
    const reports = await releaseAll(parsed.requests, parsed.run, log, (request, agentLog) =>
      recordDeployment(tracker, request, (recorded, hooks) => {
        const previousRelease = releaseHistory(tracker, recorded);
        const fingerprint = recordedFingerprint(tracker, recorded);
        return publishAgent(recorded, agentLog, {
          ...hooks,
          ...(previousRelease === undefined ? {} : { previousRelease }),
          ...(fingerprint === undefined ? {} : { recordedFingerprint: fingerprint }),
        });
      }),
    );
    return { parsed, reports };
  } catch (error) {
    annotateManifest(error);
    return { failure: describeFailure(error) };
  } finally {
    await closeConnections();
  }
}

function outputsOf(outcome: Outcome): Record<string, string> {
  if ('failure' in outcome) return outputsForInputFailure(outcome.failure);
  const { parsed, reports } = outcome;
  const outputs: Record<string, string> = outputsForReports(reports, parsed.manifest);
  if (parsed.run.planOnly) outputs.matrix = JSON.stringify(matrixOf(parsed.requests, reports));
  return outputs;
}

export async function run(): Promise<void> {
  const lap = stopwatch();
  maskKeys([
    core.getInput('api-key'),
    core.getInput('github-token'),
    ...providers.map((adapter) => process.env[adapter.apiKeyEnv] ?? ''),
  ]);
  const trigger = readTrigger();
  const outcome = await release(trigger, lap);
  core.debug(`timing: agents ${lap()} ms`);
  const outputs = outputsOf(outcome);
  const reports = 'failure' in outcome ? [] : outcome.reports;
  for (const warning of outputWarnings(reports)) core.warning(warning);
  const outputFailure = writeOutputs(outputs, reports);
  if (outputs.matrix !== undefined) core.info(planOnlyLine(reports, outputs.matrix));

  const inputFailure = 'failure' in outcome ? outcome.failure : undefined;
  const failures = failuresOf(reports, inputFailure);
  if (outputFailure !== undefined) failures.push(outputFailure);
  await writeSummary(renderSummary(reports, trigger, inputFailure ?? outputFailure));
  core.debug(`timing: summary ${lap()} ms`);
  for (const failure of failures) core.setFailed(failureText(failure));
}

/**
 * The outputs, or why GITHUB_OUTPUT could not take them. Agents may already be live, so the step
 * goes on to the summary and its error says what was published.
 */
function writeOutputs(
  outputs: Record<string, string>,
  reports: readonly AgentReport[],
): FailureDescription | undefined {
  try {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    return undefined;
  } catch (error) {
    const live = reports.filter((report) => report.status === 'published' || report.status === 'unpublished');
    const done = live.map(
      (report) =>
        `${report.providerName} agent ${report.agentId} ${report.status}${report.version === undefined ? '' : ` version ${report.version}`}`,
    );
    return {
      message: `Could not write the step's outputs to GITHUB_OUTPUT (${error instanceof Error ? error.message : String(error)}). ${done.length === 0 ? 'Nothing was published.' : `Already done: ${done.join('; ')}.`}`,
      hint: 'Check the runner: its GITHUB_OUTPUT file must be writable (disk full, or a step changed it). Re-running is safe: the action reads the live state first.',
    };
  }
}
