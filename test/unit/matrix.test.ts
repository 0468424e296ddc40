// The plan-only line: how many jobs the matrix has, and how many agents were left out as already done.
import { describe, expect, it } from 'vitest';
import { planOnlyLine } from '../../src/action/matrix.ts';
import type { AgentReport, Status } from '../../src/publish/report.ts';

const report = (status: Status, request?: string): AgentReport => ({
  provider: 'retell',
  providerName: 'Retell',
  agentId: 'agent_1',
  operation: 'publish',
  status,
  description: '',
  ...(request === undefined ? {} : { request }),
});

describe('planOnlyLine', () => {
  it('counts the jobs and the agents left out', () => {
    const reports = [report('dry-run', 'POST /x'), report('dry-run'), report('dry-run')];
    expect(planOnlyLine(reports, '{"include":[]}')).toBe(
      'Plan only: nothing was written. Matrix of 1 agent; 2 already as asked, left out: {"include":[]}',
    );
  });

  it('says nothing of agents left out when there are none', () => {
    const reports = [report('dry-run', 'POST /x'), report('dry-run', 'POST /y')];
    expect(planOnlyLine(reports, '{}')).toBe('Plan only: nothing was written. Matrix of 2 agents: {}');
  });
});
