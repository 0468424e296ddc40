import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Test files that run the action as the runner does: a bundle built from src/, as a child process. */
const BUNDLE_TESTS = [
  'test/e2e/**/*.test.ts',
  'test/repo/dist-minified.test.ts',
  'test/repo/dist-fresh.test.ts',
  'test/repo/dist-size.test.ts',
];

export default defineConfig({
  test: {
    // End-to-end tests start Node child processes; on a busy 2-core machine a run can take seconds.
    // These limits only catch a hang: no test asserts on speed.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One worker more than the cores: an end-to-end test spends most of its time waiting on the bundle's
    // child process, so a worker per core leaves a core idle (measured: `npm test` 99 s → 73 s on 2 cores).
    // The unit project sets its own.
    maxWorkers: availableParallelism() + 1,
    // `npm run coverage`: what the in-process tests run of src/ (the bundle's child processes are not measured).
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text', 'text-summary'] },
    projects: [
      {
        extends: true,
        // In-process: no build, so one file runs in seconds (`npx vitest run --project unit`).
        // Files share a worker's modules (isolate: false): importing src/, the emulator and the OpenAPI
        // validators once per worker instead of once per file. No test changes process-wide state it does
        // not restore, and in-process runs take turns (test/support/run-in-process.ts).
        // One worker per core: in-process tests keep the CPU busy, and each worker more imports src/ and
        // compiles the OpenAPI validators again (measured: 3 workers 47 s of CPU, 2 workers 37 s).
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: BUNDLE_TESTS,
          isolate: false,
          maxWorkers: availableParallelism(),
          // Projects with their own worker counts run one after the other: this one first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // The end-to-end tests run a bundle built from src/ by this setup, never the committed dist/.
        test: {
          name: 'e2e',
          include: BUNDLE_TESTS,
          globalSetup: ['test/support/fresh-bundle.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
