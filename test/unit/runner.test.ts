import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../src/action/core.ts';
import { parseOutputFile } from '../support/run-action.ts';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'publish-agent-runner-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** What the calls in `act` wrote to stdout. */
function stdoutOf(act: () => void): string {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  act();
  vi.restoreAllMocks();
  return written.join('');
}

describe('getInput', () => {
  it("reads the runner's INPUT_ variable (upper case, spaces to underscores, hyphens kept), trimmed", () => {
    vi.stubEnv('INPUT_AGENT-ID', '  abc \n');
    vi.stubEnv('INPUT_DRY_RUN', 'true');
    expect(runner.getInput('agent-id')).toBe('abc');
    expect(runner.getInput('dry run')).toBe('true');
  });

  it("is '' for an input that was not given", () => {
    expect(runner.getInput('no-such-input')).toBe('');
  });
});

describe('workflow commands', () => {
  it('keeps a message on one line: %, CR and LF are escaped as the runner decodes them', () => {
    const out = stdoutOf(() => {
      runner.warning('100% done\r\n::error::not a command');
    });
    expect(out).toBe('::warning::100%25 done%0D%0A::error::not a command\n');
  });

  it('masks, logs, and annotates with the command the runner expects', () => {
    const out = stdoutOf(() => {
      runner.setSecret('s3cr3t');
      runner.info('plain line');
      runner.debug('detail');
      runner.notice('note');
    });
    expect(out).toBe('::add-mask::s3cr3t\nplain line\n::debug::detail\n::notice::note\n');
  });

  it('stops the runner from running a command hidden in a logged line', () => {
    const out = stdoutOf(() => {
      runner.info('state from the provider:\n::add-mask::x\n::set-env name=A::b');
    });
    const [start, ...rest] = out.split('\n');
    const token = /^::stop-commands::(\S+)$/.exec(start ?? '')?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest.join('\n')).toBe(
      `state from the provider:\n::add-mask::x\n::set-env name=A::b\n::${token ?? ''}::\n`,
    );
  });

  it('folds lines into a group, and points an error annotation at a file and line', () => {
    const out = stdoutOf(() => {
      runner.startGroup('support-de');
      runner.info('inside');
      runner.endGroup();
      runner.error('unknown key "agentId".', { file: 'release/agents.yml', startLine: 7 });
    });
    expect(out).toBe(
      '::group::support-de\ninside\n::endgroup::\n::error file=release/agents.yml,line=7::unknown key "agentId".\n',
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('setFailed annotates the error and makes the process exit with 1', () => {
    const out = stdoutOf(() => {
      runner.setFailed('publish-agent: broken');
    });
    expect(out).toBe('::error::publish-agent: broken\n');
    expect(process.exitCode).toBe(1);
  });
});

describe('setOutput', () => {
  it('appends each output to GITHUB_OUTPUT between delimiters, multi-line values intact', async () => {
    const file = path.join(dir, 'output');
    await writeFile(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    runner.setOutput('status', 'published');
    runner.setOutput('result', '{\n  "a": 1\n}');
    expect(parseOutputFile(await readFile(file, 'utf8'))).toEqual({
      status: 'published',
      result: '{\n  "a": 1\n}',
    });
  });

  it('uses a new random delimiter each time, so a value cannot end its block early', async () => {
    const file = path.join(dir, 'output');
    await writeFile(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    runner.setOutput('a', 'x');
    runner.setOutput('b', 'y');
    const delimiters = (await readFile(file, 'utf8')).match(/<<(.+)/g) ?? [];
    expect(delimiters).toHaveLength(2);
    expect(new Set(delimiters).size).toBe(2);
  });
});

describe('appendSummary', () => {
  it('appends Markdown to GITHUB_STEP_SUMMARY', async () => {
    const file = path.join(dir, 'summary.md');
    await writeFile(file, '# earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);
    await runner.appendSummary('## publish-agent\n');
    expect(await readFile(file, 'utf8')).toBe('# earlier step\n## publish-agent\n');
  });

  it('fails with a reason when the runner gives no summary file', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    await expect(runner.appendSummary('x')).rejects.toThrow('GITHUB_STEP_SUMMARY is not set');
  });
});
