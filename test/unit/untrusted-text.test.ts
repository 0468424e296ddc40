import { describe, expect, it } from 'vitest';
import { resultJson, MAX_RESULT_BYTES } from '../../src/action/outputs.ts';
import { MAX_SUMMARY_BYTES, withinSummaryLimit } from '../../src/action/summary.ts';
import {
  capped,
  couldRunCommand,
  isIsoTimestamp,
  logLines,
  oneLine,
  withoutAutolinks,
  withoutBidiControls,
} from '../../src/action/untrusted-text.ts';
import { listed } from '../../src/errors.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { HOSTILE_PROVIDER_TEXT, PWNED } from '../emulator/hostile.ts';
import { runnerCommands, unintendedCommands } from '../support/runner-commands.ts';

describe('couldRunCommand', () => {
  it('finds every form the runner reads (issue 13)', () => {
    for (const text of [
      '::error::x',
      '  ::error::x',
      '\u00a0::add-mask::x',
      '\u3000::warning::x',
      'a\n\t::set-output name=a::b',
      'a\r::x::',
      'draft ##[set-output name=x;]y',
      'a ##[error]b',
    ])
      expect(couldRunCommand(text), JSON.stringify(text)).toBe(true);
  });

  it('leaves plain text alone', () => {
    for (const text of ['published version 3', 'a: b', 'ratio 1::2', '# heading', '[x]'])
      expect(couldRunCommand(text), text).toBe(false);
  });
});

describe('logLines', () => {
  it('fences what the runner could run, and the runner then runs nothing of it', () => {
    for (const text of HOSTILE_PROVIDER_TEXT) {
      const stdout = `${logLines(`plan: ${text}`, () => '6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c').join('\n')}\n`;
      expect(unintendedCommands(stdout, PWNED), JSON.stringify(text)).toEqual([]);
    }
  });

  it('writes plain text as it is', () => {
    expect(logLines('published version 3', () => 'unused')).toEqual(['published version 3']);
  });
});

describe('runnerCommands (the test helper)', () => {
  it('reads what the runner reads: leading Unicode whitespace, and ##[ anywhere', () => {
    const names = runnerCommands(
      [
        '\u2003::set-output name=a::b',
        'x ##[add-mask]y',
        '::stop-commands::t',
        '::error::hidden',
        '::t::',
      ].join('\n'),
    ).map((command) => command.name);
    expect(names).toEqual(['set-output', 'add-mask', 'stop-commands', 't']);
  });
});

describe('provider text in outputs and the summary', () => {
  it('is one line without control or reordering characters', () => {
    expect(oneLine('Front\nDesk\u0007\u2028x\u202e')).toBe('Front Desk x');
  });

  it('is capped without splitting a character', () => {
    expect(capped('abcdef', 4)).toBe('abc…');
    expect(capped('ab😀cd', 4)).toBe('ab…');
  });

  it('accepts ISO 8601 times only', () => {
    expect(isIsoTimestamp('2024-01-15T10:30:00Z')).toBe(true);
    expect(isIsoTimestamp('2024-01-15T10:30:00.123+02:00')).toBe(true);
    for (const text of ['yesterday', '1705314600', '2024-13-45T99:99:99Z', '2024-01-15'])
      expect(isIsoTimestamp(text), text).toBe(false);
  });

  it('loses bidirectional controls, and bare addresses do not render as links', () => {
    expect(withoutBidiControls('a\u202eb\u2066c\u2069')).toBe('abc');
    const text = withoutAutolinks('see https://evil.example, www.evil.example or a@evil.example');
    expect(text).not.toMatch(/https:\/\/|www\.|a@e/);
    expect(text.replace(/\u2060/g, '')).toBe('see https://evil.example, www.evil.example or a@evil.example');
  });

  it('cuts long lists with a count of the rest (issue 13)', () => {
    const versions = Array.from({ length: 890_000 }, (_, i) => `v${890_000 - i}`);
    expect(listed(versions)).toBe(
      'v890000, v889999, v889998, v889997, v889996, v889995, v889994, v889993, v889992, v889991, … and 889,990 more',
    );
    expect(listed(['v1', 'v2'])).toBe('v1, v2');
  });

  it('keeps the result output under 1 MB, and the summary under 1 MiB with a note', () => {
    const report = { status: 'failed', agentId: 'a', error: { message: 'x'.repeat(5_000_000), hint: '' } };
    const reports = Array.from({ length: 2000 }, () => report) as unknown as AgentReport[];
    expect(Buffer.byteLength(resultJson(reports))).toBeLessThanOrEqual(MAX_RESULT_BYTES);
    const summary = withinSummaryLimit('| row |\n'.repeat(300_000));
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(summary).toContain('The summary was cut here: GitHub shows at most 1 MiB.');
  });
});
