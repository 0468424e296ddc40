// The README and docs/ link to each other and to sections: every relative link must lead to a file
// that exists, and every #anchor to a heading of that file (GitHub's slugs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-action.ts';

const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs')).flatMap((name) => (name.endsWith('.md') ? [`docs/${name}`] : [])),
];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const outsideCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? '')));
}

function brokenLinks(file: string): string[] {
  const text = read(file).replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target = '']) => {
    if (/^[a-z]+:/.test(target)) return [];
    const [where = '', anchor] = target.split('#');
    const linked = where === '' ? file : path.posix.join(path.posix.dirname(file), where);
    if (!existsSync(path.join(ROOT, linked))) return [`${file}: ${target} (no such file)`];
    if (anchor !== undefined && linked.endsWith('.md') && !anchors(read(linked)).has(anchor))
      return [`${file}: ${target} (no such heading)`];
    return [];
  });
}

describe('links in the README and docs/', () => {
  it.each(DOCS)('%s links only to files and headings that exist', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('are found, anchors included', () => {
    expect(slug('Many agents, one job each: a matrix')).toBe('many-agents-one-job-each-a-matrix');
    expect(anchors(read('README.md'))).toContain('set-up-the-secret');
  });
});

describe('the README', () => {
  it('stays short enough to read in a hurry: under 24 KB, the rest in docs/', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(24_000);
  });
});
