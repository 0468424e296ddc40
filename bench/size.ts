// What the action ships: dist/ in total, the JavaScript Node may load (a chunk loads only when its
// code runs), the entry it always loads, and the source maps (read only by a person mapping a trace).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeGroup {
  readonly name: string;
  readonly files: number;
  readonly raw: number;
  readonly gzip: number;
  /** The most `raw` may be, in bytes. */
  readonly maxRaw?: number;
}

/** The target counts the JavaScript of dist/: what Node may load (the maps are read only by a person). */
export const MAX_JS_BYTES = 800 * 1024;

export function measureDist(dir: string): SizeGroup[] {
  const files = readdirSync(dir).map((name) => {
    const bytes = readFileSync(path.join(dir, name));
    return { name, raw: bytes.length, gzip: gzipSync(bytes).length };
  });
  const group = (name: string, test: (file: string) => boolean, maxRaw?: number): SizeGroup => {
    const members = files.filter((file) => test(file.name));
    return {
      name,
      files: members.length,
      raw: members.reduce((sum, file) => sum + file.raw, 0),
      gzip: members.reduce((sum, file) => sum + file.gzip, 0),
      ...(maxRaw === undefined ? {} : { maxRaw }),
    };
  };
  return [
    group('dist/, all files', () => true),
    group('JavaScript (*.js)', (name) => name.endsWith('.js'), MAX_JS_BYTES),
    group('entry (index.js)', (name) => name === 'index.js'),
    // ncc's chunks: the manifest code and YAML parser, and Octokit for deployment records.
    group('chunks for manifest, environment', (name) => /^\d+\.index\.js$/.test(name)),
    group('source maps (*.map)', (name) => name.endsWith('.map')),
  ];
}
