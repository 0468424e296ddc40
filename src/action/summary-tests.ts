// The job summary's test table: each of the platform's tests with its result and the judge's rationale
// (shortened), then the counts, the pass rate against min-pass-rate, and the time the gate took.
import type { TestResult } from '../providers/test-capability.ts';
import type { AgentReport } from '../publish/report.ts';
import { escapeCell } from './markdown.ts';
import { oneLine } from './untrusted-text.ts';

const RESULT: Readonly<Record<TestResult['outcome'], string>> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '⚠️ error',
  cancelled: '⚠️ cancelled',
  pending: '⏳ did not finish',
};

/** A rationale fits one table cell. */
const MAX_RATIONALE = 200;

function row(result: TestResult): string {
  const why = result.rationale === undefined ? '' : escapeCell(oneLine(result.rationale, MAX_RATIONALE));
  return `| ${escapeCell(result.name)} | ${RESULT[result.outcome]} | ${why} |`;
}

function countsText(report: NonNullable<AgentReport['tests']>): string {
  const parts = [`${report.passed} passed`, `${report.failed} failed`];
  if (report.unfinished > 0) parts.push(`${report.unfinished} did not finish`);
  return `${parts.join(', ')} of ${report.total} · pass rate ${report.passRate} % (at least ${report.minPassRate} % required) · ${report.seconds} s`;
}

/** The tests of one agent, or undefined when it ran none. */
export function testsSection(report: AgentReport, several: boolean): string | undefined {
  const { tests } = report;
  if (tests === undefined) return undefined;
  const who = several ? ` of ${report.providerName} \`${escapeCell(report.agentId)}\`` : '';
  const head = `**Tests${who}** on ${escapeCell(tests.candidate)} (run \`${escapeCell(tests.runId)}\`)  \n${countsText(tests)}`;
  const rows = tests.results.map(row);
  return [head, '', '| Test | Result | Rationale |', '| --- | --- | --- |', ...rows].join('\n');
}
