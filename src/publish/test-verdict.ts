// What a test run means for the release: passed (enough tests passed), failed (too few), or unfinished
// (a test timed out, was cancelled or errored). Anything but passed stops the release before any write,
// with each failed or unfinished test named and the platform's rationale.
import { StateError, truncate } from '../errors.ts';
import type { TestResult, TestRunState } from '../providers/test-capability.ts';

export interface TestGateReport {
  /** What the tests ran on, in words. */
  readonly candidate: string;
  readonly runId: string;
  readonly minPassRate: number;
  /** Passed tests in percent of all, to one decimal. */
  readonly passRate: number;
  readonly passed: number;
  readonly failed: number;
  /** Timed out (still pending), cancelled or errored. */
  readonly unfinished: number;
  readonly total: number;
  /** From the plan to the last read of the run. */
  readonly seconds: number;
  readonly verdict: 'passed' | 'failed' | 'unfinished';
  readonly results: readonly TestResult[];
}

export function verdictOf(run: {
  candidate: string;
  runId: string;
  minPassRate: number;
  state: TestRunState;
  seconds: number;
}): TestGateReport {
  const { results } = run.state;
  const count = (outcome: TestResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const passed = count('passed');
  const failed = count('failed');
  const total = results.length;
  const unfinished = total - passed - failed;
  const passRate = total === 0 ? 0 : Math.floor((passed / total) * 1000) / 10;
  const verdict = unfinished > 0 ? 'unfinished' : passRate < run.minPassRate ? 'failed' : 'passed';
  return {
    candidate: run.candidate,
    runId: run.runId,
    minPassRate: run.minPassRate,
    passRate,
    passed,
    failed,
    unfinished,
    total,
    seconds: run.seconds,
    verdict,
    results,
  };
}

/** The longest rationale a failure message quotes (the summary and the JUnit report carry more). */
const MAX_RATIONALE = 300;

function described(result: TestResult): string {
  const why = result.rationale?.replace(/\s+/g, ' ').trim();
  const outcome = result.outcome === 'pending' ? 'did not finish in time' : result.outcome;
  return `${result.name} (${outcome})${why === undefined || why === '' ? '' : `: ${truncate(why, MAX_RATIONALE)}`}`;
}

/** Why the release stops, or undefined when the tests let it go on. */
export function gateFailure(report: TestGateReport, label: string, dryRun: boolean): StateError | undefined {
  if (report.verdict === 'passed') return undefined;
  const nothing = dryRun
    ? 'so a real run would change nothing'
    : 'so nothing was published and no call moved';
  // One sentence: a rationale's own full stop ends it.
  const listed = (keep: (result: TestResult) => boolean) =>
    report.results
      .filter(keep)
      .map(described)
      .join('; ')
      .replace(/[.!?]$/, '');
  if (report.verdict === 'unfinished') {
    const timedOut = report.results.some((result) => result.outcome === 'pending');
    return new StateError(
      `${label}: ${report.unfinished} of ${report.total} test(s) on ${report.candidate} did not finish (run ${report.runId}), ${nothing}: ${listed((r) => r.outcome !== 'passed' && r.outcome !== 'failed')}.`,
      timedOut
        ? `The tests ran for ${report.seconds} s: raise deadline-seconds to wait longer, then re-run (a new run is started).`
        : 'Check the run in the platform dashboard (a test could not be judged), then re-run.',
    );
  }
  return new StateError(
    `${label}: ${report.failed} of ${report.total} test(s) failed on ${report.candidate} (pass rate ${report.passRate} %, at least ${report.minPassRate} % required), ${nothing}: ${listed((r) => r.outcome === 'failed')}.`,
    'Fix the agent (or the tests) and release again; to accept some failing tests, lower min-pass-rate.',
  );
}
