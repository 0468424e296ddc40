// The test gate's results as a JUnit XML file (the `tests-report` output), so that test-report tools
// (dorny/test-reporter, mikepenz/action-junit-report…) show them: one testsuite per agent, one testcase
// per test, failed tests as <failure> with the platform's rationale, unfinished ones as <error>.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentReport } from '../publish/report.ts';
import type { TestResult } from '../providers/test-capability.ts';
import { withoutBidiControls } from './untrusted-text.ts';

/** Characters XML 1.0 cannot carry at all are dropped; the five special ones are escaped. */
function xmlText(text: string): string {
  return withoutBidiControls(text)
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const UNFINISHED: Readonly<Record<string, string>> = {
  pending: 'did not finish before deadline-seconds',
  cancelled: 'cancelled',
  error: 'errored: the platform could not judge it',
};

function testCase(result: TestResult, suite: string): string {
  const open = `    <testcase classname="${xmlText(suite)}" name="${xmlText(result.name)}">`;
  const why = xmlText(result.rationale ?? '');
  if (result.outcome === 'passed')
    return `${open}${why === '' ? '' : `<system-out>${why}</system-out>`}</testcase>`;
  if (result.outcome === 'failed')
    return `${open}<failure message="${why.slice(0, 500)}">${why}</failure></testcase>`;
  const message = UNFINISHED[result.outcome] ?? result.outcome;
  return `${open}<error message="${message}">${why}</error></testcase>`;
}

/** The JUnit XML of every agent that ran tests; undefined when none did. */
export function junitXml(reports: readonly AgentReport[]): string | undefined {
  const suites = reports.flatMap((report) => {
    const { tests } = report;
    if (tests === undefined) return [];
    const name = `${report.providerName} ${report.name ?? report.agentId}`;
    const counts = `tests="${tests.total}" failures="${tests.failed}" errors="${tests.unfinished}" time="${tests.seconds}"`;
    return [
      [
        `  <testsuite name="${xmlText(name)}" ${counts}>`,
        ...tests.results.map((result) => testCase(result, name)),
        '  </testsuite>',
      ].join('\n'),
    ];
  });
  if (suites.length === 0) return undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="publish-agent tests">',
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Writes the report under RUNNER_TEMP (a fresh directory per step); its path, or undefined without tests. */
export async function writeJUnitReport(
  reports: readonly AgentReport[],
  directory = process.env.RUNNER_TEMP || tmpdir(),
): Promise<string | undefined> {
  const xml = junitXml(reports);
  if (xml === undefined) return undefined;
  const file = path.join(await mkdtemp(path.join(directory, 'publish-agent-tests-')), 'junit.xml');
  await writeFile(file, xml, 'utf8');
  return file;
}
