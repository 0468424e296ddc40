// Each place text goes in the job summary escapes it its own way: the renderer must show the text as
// it is, with no backslash of ours and no Markdown or HTML of theirs.
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeCell, link, linkText } from '../../src/action/markdown.ts';
import { renderSummary } from '../../src/action/summary.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { TAG_PUSH } from '../support/trigger.ts';

/** What a reader sees of one line of Markdown: the text of its HTML, and the HTML itself. */
function rendered(markdown: string): { text: string; html: string } {
  const html = marked.parseInline(markdown, { gfm: true }) as string;
  return { text: textOf(html), html };
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&');
}

/** The cells of a one-row table whose only cell is `cell`. */
function tableCells(cell: string): string[] {
  const html = marked.parse(`| a |\n| --- |\n| ${cell} |\n`, { gfm: true }) as string;
  return [...html.matchAll(/<td>(.*?)<\/td>/g)].map((match) => match[1] ?? '');
}

describe('codeSpan', () => {
  it.each([
    'workflow_dispatch',
    'refs/heads/feature_x',
    'agtvrsn_0001withdrafv3000000000000000000000',
    'a*b*',
  ])('shows %s as code, with no backslash', (text) => {
    expect(codeSpan(text)).toBe(`\`${text}\``);
    expect(rendered(codeSpan(text)).html).toBe(`<code>${text}</code>`);
  });

  it('holds backticks, at either end too', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x``')).toBe('``` `x`` ```');
    expect(rendered(codeSpan('`x``')).text).toBe('`x``');
  });

  it('keeps a | from ending a table cell, and shows it', () => {
    const cells = tableCells(codeSpan('refs/heads/a|b_c'));
    expect(cells).toHaveLength(1);
    expect(textOf(cells[0] ?? '')).toBe('refs/heads/a|b_c');
    expect(rendered(codeSpan('a|b')).text).toBe('a|b');
  });

  it('is one line, without characters that reorder text', () => {
    expect(codeSpan('a\nb\u202e')).toBe('`a b`');
    expect(codeSpan('')).toBe('');
  });
});

describe('escapeCell', () => {
  it('shows Markdown and HTML literally, in a cell and in prose, with no backslash', () => {
    const text = 'a|b <img src=x> **bold** [link](x) feature_x\\';
    expect(tableCells(escapeCell(text))).toHaveLength(1);
    expect(textOf(tableCells(escapeCell(text))[0] ?? '')).toBe(text);
    expect(rendered(escapeCell(text)).text).toBe(text);
  });
});

describe('link', () => {
  it('keeps the text literal and the address whole', () => {
    const markdown = link(`${linkText('Release [x]')} run #4`, 'https://github.com/a/b/actions/runs/1 (x)');
    expect(markdown).toBe('[Release \\[x\\] run #4](https://github.com/a/b/actions/runs/1%20%28x%29)');
    expect(rendered(markdown).html).toBe(
      '<a href="https://github.com/a/b/actions/runs/1%20%28x%29">Release [x] run #4</a>',
    );
  });

  it('does not link an address that is not http(s)', () => {
    expect(link('x', 'javascript:alert(1)')).toBe('x');
  });
});

describe('the summary', () => {
  const report: AgentReport = {
    provider: 'elevenlabs',
    providerName: 'ElevenLabs',
    agentId: 'agent_0001withdraftmain00000000',
    operation: 'publish',
    status: 'published',
    version: 'agtvrsn_0001withdrafv3000000000000000000000',
    description: 'v1.4.0 (a1b2c3d)',
    reason: 'commit and deploy',
    traffic: [
      {
        target: 'agent_0001withdraftmain00000000',
        before: [{ version: 'agtvrsn_0001withdrafv2000000000000000000000', weight: '1' }],
        after: [
          { version: 'agtvrsn_0001withdrafv3000000000000000000000', weight: '0.1' },
          { version: 'agtvrsn_0001withdrafv2000000000000000000000', weight: '0.9' },
        ],
      },
    ],
  };

  it('has no backslash in a code span: event, ref, agent ids, routes', () => {
    const trigger = { ...TAG_PUSH, eventName: 'workflow_dispatch', ref: 'refs/heads/feature_x' };
    const markdown = renderSummary([report, { ...report, agentId: 'agent_2' }], trigger);
    expect(markdown).toContain('`workflow_dispatch` on `refs/heads/feature_x`');
    expect(markdown).toContain('**Traffic of ElevenLabs `agent_0001withdraftmain00000000`**');
    expect(markdown).toContain('| `agent_0001withdraftmain00000000` |');
    const spans = [...markdown.matchAll(/`[^`\n]+`/g)].map((match) => match[0]);
    expect(spans.length).toBeGreaterThan(4);
    expect(spans.filter((span) => span.includes('\\'))).toEqual([]);
  });
});
