import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end tests run a bundle built from src/ by this setup, never the committed dist/.
    globalSetup: ['test/support/fresh-bundle.ts'],
    // End-to-end tests start Node child processes; on a busy 2-core machine a run can take seconds.
    // These limits only catch a hang: no test asserts on speed.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
