// The size of what the action ships, on the fresh build the tests run (test/support/fresh-bundle.ts):
// the JavaScript within its budget, and undici's HTTP parser in one build, not two (scripts/build.ts,
// LEFT_OUT). That the parser kept does the work is shown by every end-to-end test: each one's requests
// are parsed by it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JS_BYTES } from '../../bench/size.ts';
import { LEFT_OUT } from '../../scripts/build.ts';
import { bundlePath } from '../support/run-action.ts';

const dir = path.dirname(bundlePath());
const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));
const shipped = scripts.map((name) => readFileSync(path.join(dir, name), 'utf8'));

/** The base64 text of one of undici's WebAssembly parsers, as its module holds it. */
function parserText(file: string): string {
  const undiciDir = path.dirname(createRequire(import.meta.url).resolve('undici'));
  const source = readFileSync(path.join(undiciDir, 'lib', 'llhttp', file), 'utf8');
  const text = /Buffer\.from\('([A-Za-z0-9+/=]+)'/.exec(source)?.[1];
  if (text === undefined) throw new Error(`no base64 parser in undici's ${file}`);
  return text;
}

describe('the shipped JavaScript', () => {
  it(`is at most ${MAX_JS_BYTES / 1024} KiB (fix: see npm run bench, section size)`, () => {
    const bytes = shipped.reduce((sum, code) => sum + Buffer.byteLength(code), 0);
    expect(bytes).toBeLessThanOrEqual(MAX_JS_BYTES);
  });

  it("holds undici's baseline HTTP parser once, and asks for the SIMD build where undici does", () => {
    const all = shipped.join('\n');
    const baseline = parserText('llhttp-wasm.js');
    expect(all.split(baseline).length - 1).toBe(1);
    // Were undici to rename the file, the build would ship it again; were undici to drop it, the
    // build would name a file nobody asks for: either way this fails, and LEFT_OUT needs a look.
    // (Booleans, not toContain: a failure would print the whole bundle.)
    expect(all.includes(parserText(path.basename(LEFT_OUT))), 'the SIMD parser is shipped').toBe(false);
    expect(all.includes(JSON.stringify(LEFT_OUT)), 'the bundle asks for LEFT_OUT').toBe(true);
  });
});
