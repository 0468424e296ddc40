import { describe, expect, it } from 'vitest';
import type { AgentReport } from '../../src/publish/report.ts';
import { escapeCell, renderSummary } from '../../src/action/summary.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { failureOf } from '../support/failure.ts';

const trigger = TAG_PUSH;

const published: AgentReport = {
  provider: 'retell',
  providerName: 'Retell',
  agentId: 'agent_1',
  agentName: 'Front Desk',
  operation: 'publish',
  status: 'published',
  version: '16',
  previousVersion: '15',
  publishedAt: '2026-11-23T12:00:00.000Z',
  description: 'v1.4.0 (a1b2c3d)',
  reason: 'publish draft version 16',
};

describe('renderSummary', () => {
  it('shows a published agent in one row with previous → new version, the description and the trigger', () => {
    const markdown = renderSummary([published], trigger);
    expect(markdown).toContain('## ✅ publish-agent: published');
    expect(markdown).toContain(
      '| Retell | Front Desk<br>`agent_1` | 15 → **16** | ✅ published | 2026-11-23T12:00:00Z |',
    );
    expect(markdown).toContain('**Description:** v1.4.0 (a1b2c3d)');
    expect(markdown).toContain(
      '**Trigger:** `push` on `refs/tags/v1.4.0` · commit [`a1b2c3d`](https://github.com/acme/agents/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678) · by @octocat · [Release run #42](https://github.com/acme/agents/actions/runs/1)',
    );
    expect(markdown).not.toContain('publish draft version 16');
  });

  it('lists the lines its adapter declared and warnings, escaped, naming the agent when there are several', () => {
    const bound: AgentReport = {
      ...published,
      summaryLines: [
        {
          label: 'Bindings',
          values: [
            { name: 'inbound-phone-number-id', value: 'b7e2' },
            { name: 'outbound-phone-number-id', value: '' },
          ],
        },
      ],
      warnings: ['a number *may* have been unbound'],
    };
    const one = renderSummary([bound], trigger);
    expect(one).toContain('**Bindings:** `inbound-phone-number-id` `b7e2` · `outbound-phone-number-id` none');
    expect(one).toContain('> **Warning:** a number \\*may\\* have been unbound');
    const two = renderSummary([bound, { ...published, agentId: 'agent_2' }], trigger);
    expect(two).toContain('**Retell `agent_1`: Bindings:**');
    expect(two).toContain('> **Warning:** Retell `agent_1`: a number');
    expect(renderSummary([published], trigger)).not.toContain('Bindings');
  });

  it('explains an unchanged agent and a dry run', () => {
    const unchanged: AgentReport = {
      ...published,
      status: 'unchanged',
      reason: 'version 16 is already published',
    };
    expect(renderSummary([unchanged], trigger)).toContain(
      'Retell `agent_1`: version 16 is already published.',
    );
    const dryRun: AgentReport = {
      ...published,
      status: 'dry-run',
      request: 'POST https://x/y\n\n{"version":16}',
    };
    const markdown = renderSummary([dryRun], trigger);
    expect(markdown).toContain('## 🧪 publish-agent dry run: nothing was changed');
    expect(markdown).toContain('```http\nPOST https://x/y');
  });

  it('ends with the error and its fix on failure', () => {
    const failed: AgentReport = {
      ...published,
      status: 'failed',
      // The summary prints the message as rendered: a plain one here.
      error: { ...failureOf('It broke.', 'Do this.'), message: 'It broke.' },
    };
    const markdown = renderSummary([failed], trigger);
    expect(markdown).toContain('## ❌ publish-agent failed');
    expect(markdown).toContain('> **Error:** It broke.\n>\n> **Fix:** Do this.');
  });

  it('renders an input failure without a table', () => {
    const markdown = renderSummary([], trigger, {
      message: 'Input "provider" is required.',
      hint: 'Set it.',
    });
    expect(markdown).not.toContain('| Provider |');
    expect(markdown).toContain('**Error:** Input "provider" is required.');
  });
});

describe('renderSummary with several agents', () => {
  const agent = (provider: string, id: string, more: Partial<AgentReport> = {}): AgentReport => ({
    ...published,
    provider: provider.toLowerCase(),
    providerName: provider,
    agentId: id,
    ...more,
  });
  const reports: AgentReport[] = [
    agent('Retell', 'r1', { name: 'front-desk' }),
    agent('Diga', 'd1', { status: 'unchanged', reason: 'v3 is already published' }),
    agent('Retell', 'r2', {
      status: 'failed',
      error: { ...failureOf('It broke.', 'Do this.'), message: 'It broke.' },
    }),
    agent('Diga', 'd2'),
    agent('Talkover', 't1', { status: 'skipped', reason: 'not started' }),
  ];

  it('shows one table grouped by provider, failures first, each with its error and fix in its row', () => {
    const markdown = renderSummary(reports, trigger);
    expect(markdown).toContain('## ⚠️ publish-agent: partly done');
    expect(markdown).toContain('**5 agents:** 2 published · 1 unchanged · 1 failed · 1 skipped');
    const rows = markdown.split('\n').filter((line) => /^\| (Retell|Diga|Talkover) /.test(line));
    expect(rows).toEqual([
      '| Retell | Front Desk<br>`r2` | 16 | ❌ failed | **Error:** It broke.<br>**Fix:** Do this. |',
      '| Retell | front-desk · Front Desk<br>`r1` | 15 → **16** | ✅ published |  |',
      '| Diga | Front Desk<br>`d1` | 16 | ⏸️ unchanged | v3 is already published |',
      '| Diga | Front Desk<br>`d2` | 15 → **16** | ✅ published |  |',
      '| Talkover | Front Desk<br>`t1` | 16 | ⏭️ skipped | not started |',
    ]);
    // The failure is in its row, not repeated below the table.
    expect(markdown).not.toContain('> **Error:**');
  });

  it('labels what each agent would send on a dry run', () => {
    const dryRuns = [
      agent('Retell', 'r1', { status: 'dry-run', request: 'POST https://x/r1' }),
      agent('Diga', 'd1', { status: 'dry-run', request: 'PATCH https://x/d1' }),
    ];
    const markdown = renderSummary(dryRuns, trigger);
    expect(markdown).toContain('## 🧪 publish-agent dry run: nothing was changed');
    expect(markdown).toContain('Diga `d1` would send:\n\n```http\nPATCH https://x/d1');
  });

  it('keeps the lines of a manifest error as a list', () => {
    const markdown = renderSummary([], trigger, {
      message:
        'Input "manifest" has 2 problems; nothing was sent:\n- entry 1 (line 2): bad.\n- line 5: worse.',
      hint: 'Fix them.',
    });
    expect(markdown).toContain(
      'nothing was sent:\n> - entry 1 (line 2): bad.\n> - line 5: worse.\n>\n> **Fix:** Fix them.',
    );
  });
});

describe('escapeCell', () => {
  it('shows provider text literally inside a table cell', () => {
    expect(escapeCell('a|b <img src=x> **bold** [link](x)\nnext')).toBe(
      'a\\|b &lt;img src=x&gt; \\*\\*bold\\*\\* \\[link\\](x) next',
    );
  });
});
