// The release diff in process: field diff, named list items, credentials by name only, URLs without query
// or user info, the line diff of long text, the summary section and the `diff` output within their limits.
import { describe, expect, it } from 'vitest';
import { diffJson } from '../../src/action/output-diff.ts';
import { diffSection } from '../../src/action/summary-diff.ts';
import { diffConfigs } from '../../src/diff/compute.ts';
import { fingerprintOf } from '../../src/diff/fingerprint.ts';
import { lineDiff } from '../../src/diff/line-diff.ts';
import { hiddenCredentials, isCredentialName, safeText, safeUrl } from '../../src/diff/redact-config.ts';
import type { ConfigDiff } from '../../src/diff/types.ts';
import type { AgentReport } from '../../src/publish/report.ts';

const SECRET = 'sk_live_9a8b7c6d5e4f3a2b1c';

describe('diffConfigs', () => {
  it('lists changed, added and removed leaves by path, and counts the unchanged ones', () => {
    const { entries, unchanged } = diffConfigs(
      { model: 'a', voice: 'v', temperature: 0.2, old: true, nested: { same: 1, changed: 2 } },
      { model: 'b', voice: 'v', temperature: 0.2, added: 'x', nested: { same: 1, changed: 3 } },
    );
    expect(entries).toEqual([
      { path: 'model', change: 'changed', before: 'a', after: 'b' },
      { path: 'old', change: 'removed', before: true },
      { path: 'nested.changed', change: 'changed', before: 2, after: 3 },
      { path: 'added', change: 'added', after: 'x' },
    ]);
    expect(unchanged).toBe(3);
  });

  it('compares lists of named items item by item, by name, whatever their order', () => {
    const before = {
      tools: [
        { name: 'a', url: 'https://x.example/a' },
        { name: 'b', timeout: 1 },
      ],
    };
    const after = {
      tools: [
        { name: 'c', timeout: 1 },
        { name: 'b', timeout: 2 },
        { name: 'a', url: 'https://x.example/a' },
      ],
    };
    expect(diffConfigs(before, after).entries).toEqual([
      { path: 'tools[b].timeout', change: 'changed', before: 1, after: 2 },
      { path: 'tools[c]', change: 'added', after: '{"name":"c","timeout":1}' },
    ]);
  });

  it('compares lists of ids as sets', () => {
    expect(diffConfigs({ kb: ['a', 'b'] }, { kb: ['b', 'c'] }).entries).toEqual([
      { path: 'kb[a]', change: 'removed', before: 'a' },
      { path: 'kb[c]', change: 'added', after: 'c' },
    ]);
    expect(diffConfigs({ kb: ['a', 'b'] }, { kb: ['a', 'b'] })).toEqual({ entries: [], unchanged: 1 });
  });

  it('marks long or multi-line text for a line diff', () => {
    const [entry] = diffConfigs({ prompt: 'one\ntwo' }, { prompt: 'one\nthree' }).entries;
    expect(entry).toMatchObject({ path: 'prompt', text: true });
  });

  it('never key order, always content', () => {
    expect(diffConfigs({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }).entries).toEqual([]);
  });
});

describe('credentials', () => {
  it.each([
    'api_key',
    'apiKey',
    'X-Api-Key',
    'request_headers',
    'headers',
    'Authorization',
    'token',
    'client_secret',
    'password',
    'auth',
  ])('%s is a credential by its name', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each(['max_tokens', 'boosted_keywords', 'model', 'knowledge_base_ids', 'url'])('%s is not', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });

  it('a key inside a header: only "changed", never a value, whatever its shape', () => {
    const before = { tools: [{ name: 't', headers: { Authorization: `Bearer ${SECRET}` } }] };
    const after = { tools: [{ name: 't', headers: { Authorization: `Bearer ${SECRET}x` } }] };
    const { entries } = diffConfigs(before, after);
    expect(entries).toEqual([{ path: 'tools[t].headers', change: 'changed', credential: true }]);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });

  it('a key inside a nested tool, added or removed: not shown', () => {
    const tool = { name: 't', api_schema: { query: { params: { api_key: SECRET } } } };
    const { entries } = diffConfigs({ tools: [] }, { tools: [tool] });
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    expect(entries[0]?.after).toContain('(credential, not shown)');
  });

  it('a named header item whose name says key: hidden as a whole', () => {
    const before = { params: [{ name: 'X-Api-Key', value: SECRET }] };
    const after = { params: [{ name: 'X-Api-Key', value: `${SECRET}2` }] };
    expect(diffConfigs(before, after).entries).toEqual([
      { path: 'params[X-Api-Key]', change: 'changed', credential: true },
    ]);
  });

  it('a key inside a URL: host and path kept, never query, fragment or user info', () => {
    expect(safeUrl(`https://user:${SECRET}@hooks.example.com/a/b?token=${SECRET}#x`)).toBe(
      'https://hooks.example.com/a/b?…',
    );
    expect(safeUrl('https://hooks.example.com/a')).toBe('https://hooks.example.com/a');
    expect(safeText(`Call https://u:${SECRET}@x.example/p?k=${SECRET} now, Bearer ${SECRET}`)).toBe(
      'Call https://x.example/p?… now, Bearer …',
    );
    const { entries } = diffConfigs(
      { url: `https://x.example/p?k=${SECRET}` },
      { url: `https://x.example/q?k=${SECRET}` },
    );
    expect(entries).toEqual([
      { path: 'url', change: 'changed', before: 'https://x.example/p?…', after: 'https://x.example/q?…' },
    ]);
  });

  it("hides credentials in a provider's answer", () => {
    expect(
      hiddenCredentials({
        tools: [{ request_headers: { a: SECRET }, url: `https://x.example/?t=${SECRET}` }],
      }),
    ).toEqual({
      tools: [{ request_headers: '(credential, not shown)', url: 'https://x.example/?…' }],
    });
  });
});

describe('lineDiff', () => {
  it('shows removed and added lines between unchanged ones, folding long unchanged runs', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'f', 'G', 'h'].join('\n');
    expect(lineDiff(before, after)).toEqual([' …', ' e', ' f', '-g', '+G', ' h']);
  });
});

describe('fingerprintOf', () => {
  it('is short, stable across key order, and changes with content', () => {
    expect(fingerprintOf({ a: 1, b: 2 })).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});

const report = (diff: ConfigDiff): AgentReport => ({
  provider: 'fake',
  providerName: 'Fake',
  agentId: 'a1',
  operation: 'publish',
  status: 'dry-run',
  description: '',
  diff,
});

describe('the summary section and the diff output', () => {
  const diff: ConfigDiff = {
    compared: 'version 1 → version 2',
    unchanged: 12,
    entries: [
      { path: 'model', change: 'changed', before: 'a', after: 'b' },
      { path: 'tools[t].headers', change: 'changed', credential: true },
      { path: 'prompt', change: 'changed', before: 'one\ntwo', after: 'one\nthree', text: true },
      { path: 'kb[x]', change: 'added', after: 'x' },
    ],
  };

  it('a table of changed fields, long text as a collapsed line diff, unchanged ones counted', () => {
    const section = diffSection(report(diff), false) ?? '';
    expect(section).toContain('(version 1 → version 2: 4 changed, 12 unchanged)');
    expect(section).toContain('| <code>model</code> | a | **b** |');
    expect(section).toContain(
      '| <code>tools\\[t\\].headers</code> | 🔒 credential | changed (value not shown) |',
    );
    expect(section).toContain('| <code>kb\\[x\\]</code> | — | added: x |');
    expect(section).toContain('<details><summary><code>prompt</code>: 1 line(s) removed, 1 added</summary>');
    expect(section).toContain('```diff\n one\n-two\n+three\n```');
  });

  it('a side that cannot be read is said, and the output carries a marker', () => {
    const unreadable: ConfigDiff = { compared: 'v1 → v2', entries: [], unchanged: 0, unreadable: 'v2: 404' };
    expect(diffSection(report(unreadable), false)).toContain(
      '> **Not compared:** a side could not be read: v2: 404.',
    );
    expect(JSON.parse(diffJson(unreadable))).toEqual({ compared: 'v1 → v2', unreadable: 'v2: 404' });
  });

  it('the output is empty when nothing changes, and fits the output limit when huge', () => {
    expect(diffJson({ compared: 'v1 → v2', entries: [], unchanged: 3 })).toBe('');
    expect(diffJson(undefined)).toBe('');
    const long = 'x'.repeat(50_000);
    const huge: ConfigDiff = {
      compared: 'v1 → v2',
      unchanged: 0,
      entries: Array.from({ length: 100 }, (_, i) => ({
        path: `f${i}`,
        change: 'changed',
        before: long,
        after: long,
      })),
    };
    expect(Buffer.byteLength(diffJson(huge))).toBeLessThan(900_000);
    expect((diffSection(report(huge), false) ?? '').length).toBeLessThan(100_000);
  });

  it('a fingerprint where one side only is read', () => {
    const single: ConfigDiff = {
      compared: 'the configuration being published',
      entries: [],
      unchanged: 0,
      limitation: 'One configuration only',
      fingerprint: { value: '0123456789abcdef', sinceLastRelease: 'changed' },
    };
    expect(diffSection(report(single), false)).toContain(
      'Configuration fingerprint `0123456789abcdef`: **changed** since the last recorded release.',
    );
  });
});
