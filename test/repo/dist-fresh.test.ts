// The committed dist/ is what users run: it must be the build of src/ as it is now. Compared with the build
// vitest's global setup made for the end-to-end tests (test/support/fresh-bundle.ts), so `npm test` builds
// once; `npm run check-dist` builds on its own (CI's check-dist job, which keeps the expected dist/).
import path from 'node:path';
import { expect, it } from 'vitest';
import { distDifferences } from '../../scripts/check-dist.ts';
import { bundlePath, ROOT } from '../support/run-action.ts';

it('dist/ is byte for byte a fresh build of src/ (fix: npm run build, then commit dist/)', () => {
  expect(distDifferences(path.join(ROOT, 'dist'), path.dirname(bundlePath()))).toEqual([]);
});
