// Every JavaScript file the build ships is minified, the lazily loaded chunks too (ncc minifies only
// the entry; scripts/build.ts minifies the rest), and each one's source map still leads to the
// source. Checked on the fresh build the tests run (test/support/fresh-bundle.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePath } from '../support/run-action.ts';

const dir = path.dirname(bundlePath());
const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));

describe('the shipped JavaScript', () => {
  it('is the entry and at least one lazily loaded chunk', () => {
    expect(scripts).toContain('index.js');
    expect(scripts.length).toBeGreaterThan(1);
  });

  it.each(scripts)('%s is minified: a few long lines, no indented source', (name) => {
    const lines = readFileSync(path.join(dir, name), 'utf8').split('\n');
    expect(lines.length).toBeLessThan(20);
    expect(lines.filter((line) => /^ {2,}\S/.test(line))).toEqual([]);
  });

  it.each(scripts)('%s has a source map that leads back to the sources', (name) => {
    const code = readFileSync(path.join(dir, name), 'utf8');
    const payload = JSON.parse(readFileSync(path.join(dir, `${name}.map`), 'utf8')) as SourceMapPayload;
    const map = new SourceMap(payload);
    // Positions spread over the last long line, which is inside the bundled modules whatever they are:
    // most must map back to a file (a few may fall on glue code the bundler wrote, which has none).
    const lines = code.split('\n');
    const lastCode = lines.findLastIndex((line) => line.length > 100);
    const width = lines[lastCode]?.length ?? 0;
    const sources = Array.from({ length: 20 }, (_, i) => {
      const entry = map.findEntry(lastCode, Math.floor((width * (i + 0.5)) / 20));
      return 'originalSource' in entry ? entry.originalSource : undefined;
    });
    const mapped = sources.filter(
      (source) => source !== undefined && /^\.\.\/(src|node_modules)\//.test(source),
    );
    expect(mapped.length).toBeGreaterThanOrEqual(10);
  });
});
