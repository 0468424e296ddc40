import { describe, expect, it } from 'vitest';
import type { AgentReport } from '../../src/report.ts';
import { escapeCell, renderSummary } from '../../src/summary.ts';
import { TAG_PUSH } from '../support/trigger.ts';

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
      '| Retell | Front Desk<br>`agent_1` | 15 → **16** | ✅ published | 2026-11-23 12:00:00 UTC |',
    );
    expect(markdown).toContain('**Description:** v1.4.0 (a1b2c3d)');
    expect(markdown).toContain(
      '**Trigger:** `push` on `refs/tags/v1.4.0` · commit [`a1b2c3d`](https://github.com/acme/agents/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678) · by @octocat · [Release run #42](https://github.com/acme/agents/actions/runs/1)',
    );
    expect(markdown).not.toContain('publish draft version 16');
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
      error: { message: 'It broke.', hint: 'Do this.' },
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

describe('escapeCell', () => {
  it('shows provider text literally inside a table cell', () => {
    expect(escapeCell('a|b <img src=x> **bold** [link](x)\nnext')).toBe(
      'a\\|b &lt;img src=x&gt; \\*\\*bold\\*\\* \\[link\\](x) next',
    );
  });
});
