import { describe, expect, it } from 'vitest';
import { outputsForReports, outputWarnings } from '../../src/action/outputs.ts';
import { countsOf, overallStatus, type AgentReport, type Status } from '../../src/publish/report.ts';
import { failureOf } from '../support/failure.ts';

const report = (status: Status, failed = false): AgentReport => ({
  provider: 'retell',
  providerName: 'Retell',
  agentId: `agent_${status}`,
  operation: 'publish',
  status,
  description: '',
  ...(failed ? { error: failureOf('It broke.', 'Do this.') } : {}),
});

describe('overallStatus', () => {
  it('is the status of a single agent, as without a manifest', () => {
    expect(overallStatus([report('unchanged', true)])).toBe('unchanged');
    expect(overallStatus([report('dry-run')])).toBe('dry-run');
  });

  it('is failed when no agent succeeded, partial when some did', () => {
    expect(overallStatus([report('failed', true), report('skipped')])).toBe('failed');
    expect(overallStatus([report('failed', true), report('published')])).toBe('partial');
    expect(overallStatus([report('skipped'), report('failed', true), report('unchanged')])).toBe('partial');
    // on-unchanged: fail turns an unchanged agent into a failure.
    expect(overallStatus([report('unchanged', true), report('published')])).toBe('partial');
  });

  it('is the status all agents share, else published', () => {
    expect(overallStatus([report('unchanged'), report('unchanged')])).toBe('unchanged');
    expect(overallStatus([report('dry-run'), report('dry-run')])).toBe('dry-run');
    expect(overallStatus([report('published'), report('unchanged'), report('unpublished')])).toBe(
      'published',
    );
  });
});

describe('outputs of several agents', () => {
  const reports = [
    report('published'),
    report('unpublished'),
    report('unchanged'),
    report('unchanged', true),
  ];

  it('counts published (and unpublished), unchanged and failed agents; skipped ones are in none', () => {
    expect(countsOf([...reports, report('skipped')])).toEqual({ published: 2, unchanged: 1, failed: 1 });
  });

  it('sets result to an array with a manifest, and the single-agent outputs only for one agent', () => {
    const outputs = outputsForReports(reports, true);
    expect(outputs).toMatchObject({ status: 'partial', 'published-count': '2', 'failed-count': '1' });
    expect(JSON.parse(outputs.result ?? '')).toHaveLength(4);
    expect(outputs['agent-id']).toBeUndefined();
    const [first] = reports;
    if (first === undefined) throw new Error('no report');
    expect(JSON.parse(outputsForReports([first], true).result ?? '')).toEqual([first]);
    expect(outputsForReports([first], true)['agent-id']).toBe('agent_published');
    expect(JSON.parse(outputsForReports([first], false).result ?? '')).toEqual(first);
  });
});

describe('outputWarnings', () => {
  it('says which provider, which agent and what time it answered, and that published-at is left empty', () => {
    const odd = { ...report('published'), publishedAt: 'yesterday' };
    expect(outputWarnings([odd, { ...report('published'), publishedAt: '2026-01-02T03:04:05Z' }])).toEqual([
      'Retell answered a publish time for agent agent_published that is not an ISO 8601 date ("yesterday"): published-at is left empty.',
    ]);
  });
});
