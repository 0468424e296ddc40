// Orchestration only: mask the keys, read inputs, publish each agent (inside its GitHub deployment
// record when asked), report outputs and summary.
import { actionsRunner, type Runner } from './action/core.ts';
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
import { writeJUnitReport } from './action/junit.ts';
import { stopwatch } from './timing.ts';
import { readTrigger, type Trigger } from './inputs/context.ts';

/** The inputs and environment of this run, as the runner gives them. */
function inputSource(runner: Runner): InputSource {
  return {
    input: (name) => runner.getInput(name),
    env: (name) => runner.env(name),
    clock: runner.clock,
  };
}

function loggerOf(runner: Runner): Logger {
  return {
    info: (message) => {
      runner.info(message);
    },
    notice: (message) => {
      runner.notice(message);
    },
    warning: (message) => {
      runner.warning(message);
    },
    debug: (message) => {
      runner.debug(message);
    },
    group: (title, write) => {
      runner.startGroup(title);
      try {
        write();
      } finally {
        runner.endGroup();
      }
    },
  };
}

/**
 * Masks keys in every form they could be printed in: the runner then hides them even if one slipped
 * into a message. The step's keys are masked before any input is validated or logged; each form is
 * masked once, though the step's keys are masked again once the manifest names its own.
 */
function keyMasker(runner: Runner): (keys: readonly string[]) => void {
  const masked = new Set<string>();
  return (keys) => {
    for (const form of keys.flatMap((key) => [...secretForms(key), ...secretForms(key.trim())])) {
      if (masked.has(form)) continue;
      masked.add(form);
      runner.setSecret(form);
    }
  };
}

/** What one run works with: its runner, and what main builds on it. */
interface Step {
  readonly runner: Runner;
  readonly source: InputSource;
  readonly log: Logger;
  readonly maskKeys: (keys: readonly string[]) => void;
}

/** Each problem of a manifest file as an error annotation on its line, where the file shows it. */
function annotateManifest(runner: Runner, error: unknown): void {
  if (!(error instanceof ManifestError) || error.file === undefined) return;
  for (const problem of error.problems) {
    if (problem.line === undefined) continue;
    const where = problem.where === undefined ? '' : `${problem.where}: `;
    runner.error(`${where}${problem.message} Fix: ${problem.hint}`, {
      title: 'publish-agent manifest',
      file: error.file,
      startLine: problem.line,
    });
  }
}

function failureText(failure: FailureDescription): string {
  return `publish-agent: ${failure.message}\nFix: ${failure.hint}`;
}

async function writeSummary(runner: Runner, markdown: string): Promise<void> {
  try {
    await runner.appendSummary(markdown);
  } catch (error) {
    // The summary is a courtesy; a release that went live must not fail because of it.
    runner.warning(`Could not write the job summary: ${describeFailure(error).message}`);
  }
}

/** One agent from the inputs, or every agent of the manifest. */
async function readRequests({ source }: Step, trigger: Trigger): Promise<ParsedInputs> {
  const manifest = source.input('manifest');
  if (manifest === '') return readInputs(source, trigger, providers);
  // Loaded only here, with the YAML parser, so that a single-agent step never loads them.
  const { readManifestInputs } = await import('./manifest/index.ts');
  return readManifestInputs(manifest, source, trigger, providers);
}

type Outcome =
  | { readonly parsed: ParsedInputs; readonly reports: readonly AgentReport[] }
  | { readonly failure: FailureDescription };

async function release(step: Step, trigger: Trigger, lap: () => number): Promise<Outcome> {
  const { runner, log, maskKeys } = step;
  try {
    const parsed = await readRequests(step, trigger);
    runner.debug(`timing: inputs ${lap()} ms`);
    // A manifest's api-key-env names variables known only now; nothing has been logged yet.
    maskKeys(parsed.requests.map((request) => request.apiKey));
    parsed.warnings.forEach((warning) => {
      runner.warning(warning);
    });
    const tracker = createDeploymentTracker(
      {
        apiUrl: runner.env('GITHUB_API_URL') || 'https://api.github.com',
        repository: trigger.repository || undefined,
        sha: trigger.sha || undefined,
        runUrl: trigger.runUrl,
      },
      log,
    );
    const reports = await releaseAll(parsed.requests, parsed.run, log, (request, agentLog) =>
      recordDeployment(tracker, request, (recorded, hooks) => {
        const history = releaseHistory(tracker, recorded);
        const fingerprint = recordedFingerprint(tracker, recorded);
        return publishAgent(recorded, agentLog, {
          ...hooks,
          ...(history === undefined ? {} : { releaseHistory: history }),
          ...(fingerprint === undefined ? {} : { recordedFingerprint: fingerprint }),
        });
      }),
    );
    return { parsed, reports };
  } catch (error) {
    annotateManifest(runner, error);
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

/**
 * One run of the step, reported through `runner`: src/index.ts passes the real one, tests a fake.
 * The default serves @github/local-action (`npm run local-action`), which calls run() without one.
 */
export async function run(runner: Runner = actionsRunner): Promise<void> {
  const lap = stopwatch();
  const step: Step = {
    runner,
    source: inputSource(runner),
    log: loggerOf(runner),
    maskKeys: keyMasker(runner),
  };
  step.maskKeys([
    runner.getInput('api-key'),
    runner.getInput('github-token'),
    ...providers.map((adapter) => runner.env(adapter.apiKeyEnv) ?? ''),
  ]);
  const trigger = readTrigger((name) => runner.env(name));
  const outcome = await release(step, trigger, lap);
  runner.debug(`timing: agents ${lap()} ms`);
  const outputs = outputsOf(outcome);
  const reports = 'failure' in outcome ? [] : outcome.reports;
  const testsReport = await testsReportPath(runner, reports);
  if (testsReport !== undefined) outputs['tests-report'] = testsReport;
  for (const warning of outputWarnings(reports)) runner.warning(warning);
  const outputFailure = writeOutputs(runner, outputs, reports);
  if (outputs.matrix !== undefined) runner.info(planOnlyLine(reports, outputs.matrix));

  const inputFailure = 'failure' in outcome ? outcome.failure : undefined;
  const failures = failuresOf(reports, inputFailure);
  if (outputFailure !== undefined) failures.push(outputFailure);
  await writeSummary(runner, renderSummary(reports, trigger, inputFailure ?? outputFailure));
  runner.debug(`timing: summary ${lap()} ms`);
  for (const failure of failures) runner.setFailed(failureText(failure));
}

/** The JUnit file of the tests run, if any; best effort, like the summary. */
async function testsReportPath(runner: Runner, reports: readonly AgentReport[]): Promise<string | undefined> {
  try {
    return await writeJUnitReport(reports, runner.env('RUNNER_TEMP') || undefined);
  } catch (error) {
    runner.warning(`Could not write the tests report: ${describeFailure(error).message}`);
    return undefined;
  }
}

/**
 * The outputs, or why GITHUB_OUTPUT could not take them. Agents may already be live, so the step
 * goes on to the summary and its error says what was published.
 */
function writeOutputs(
  runner: Runner,
  outputs: Record<string, string>,
  reports: readonly AgentReport[],
): FailureDescription | undefined {
  try {
    for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
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
