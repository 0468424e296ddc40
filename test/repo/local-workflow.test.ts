// The local runner behind `npm run self-test`: the expressions it evaluates, and what it refuses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJobs } from '../support/local-workflow.ts';
import { ROOT } from '../support/run-action.ts';
import {
  interpolate,
  UnsupportedWorkflowError,
  type ExpressionContext,
} from '../support/workflow-expressions.ts';

const context: ExpressionContext = {
  matrix: { provider: 'diga', 'agent-id': 'a-1' },
  steps: new Map([
    ['publish', { outputs: { status: 'published' }, outcome: 'success', conclusion: 'success' }],
    ['wrong-key', { outputs: {}, outcome: 'failure', conclusion: 'success' }],
  ]),
};

describe('interpolate', () => {
  it('evaluates matrix values, step outputs, outcomes and conclusions', () => {
    expect(
      interpolate(
        '${{ matrix.provider }}/${{matrix.agent-id}} ${{ steps.publish.outputs.status }} ${{ steps.wrong-key.outcome }} ${{ steps.wrong-key.conclusion }}',
        context,
        'here',
      ),
    ).toBe('diga/a-1 published failure success');
  });

  it('gives an output that was not set as empty, as GitHub does', () => {
    expect(interpolate('[${{ steps.publish.outputs.version }}]', context, 'here')).toBe('[]');
  });

  it.each([
    ['${{ github.sha }}', 'the expression ${{ github.sha }} is not supported locally'],
    ["${{ format('{0}', matrix.provider) }}", 'is not supported locally'],
    ['${{ steps.publish.outputs.status == 1 }}', 'is not supported locally'],
    ['${{ steps.later.outputs.status }}', 'no step with id later has run before this one'],
    ['${{ matrix.region }}', 'the matrix has no key region'],
    ['${{ matrix.provider', 'an unclosed ${{'],
  ])('refuses %s, saying where', (text, message) => {
    const attempt = () => interpolate(text, context, 'jobs.a.steps[3].with.x');
    expect(attempt).toThrow(UnsupportedWorkflowError);
    expect(attempt).toThrow(/^jobs\.a\.steps\[3\]\.with\.x: /);
    expect(attempt).toThrow(message);
  });
});

describe('readJobs', () => {
  const workflow = (steps: string, extra = '') =>
    `name: W\non: push\n${extra}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

  it('reads the self-test workflow as one job per provider', () => {
    const jobs = readJobs(readFileSync(path.join(ROOT, '.github', 'workflows', 'self-test.yml'), 'utf8'));
    expect(jobs.map((job) => job.name)).toEqual([
      'Self-test (talkover)',
      'Self-test (retell)',
      'Self-test (diga)',
      'Self-test (langdock)',
    ]);
  });

  it.each([
    [
      'a step condition',
      workflow('      - if: always()\n        run: echo\n'),
      'jobs.a.steps[0]: if is not supported',
    ],
    [
      'an action it cannot run',
      workflow('      - uses: actions/cache@v4\n'),
      'jobs.a.steps[0].uses: actions/cache@v4 cannot run locally',
    ],
    [
      'workflow-level env',
      workflow('      - run: echo\n', 'env:\n  A: b\n'),
      'the workflow: env is not supported',
    ],
    [
      'an unsupported expression, before anything runs',
      workflow('      - run: echo\n        env:\n          SHA: ${{ github.sha }}\n'),
      'jobs.a.steps[0].env.SHA: the expression ${{ github.sha }} is not supported locally',
    ],
    ['another shell', workflow('      - run: echo\n        shell: sh\n'), 'only bash is supported'],
  ])('refuses %s', (_what, text, message) => {
    expect(() => readJobs(text)).toThrow(message);
  });
});
